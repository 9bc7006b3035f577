package dev.floxj.locking;

import dev.floxj.FloxjException;

/** Locking needs {@code nix} (for a catalog or flake package), and it is not on {@code PATH}. */
public final class NixNotFoundException extends FloxjException {
  private static final long serialVersionUID = 1L;

  private final String clause;

  /**
   * @param what what needs nix, e.g. "install id 'hello' (pkg-path "hello")"
   */
  NixNotFoundException(String what) {
    super(capitalised(clauseFor(what)) + ".");
    this.clause = clauseFor(what);
  }

  /** The message as a clause to continue another sentence with. */
  public String clause() {
    return clause;
  }

  private static String clauseFor(String what) {
    return "locking "
        + what
        + " needs the nix command, which is not on PATH: install Nix (or put it on PATH), or"
        + " lock the environment where Nix is, with floxj lock or flox (only store-path"
        + " packages lock without Nix)";
  }

  private static String capitalised(String clause) {
    return Character.toUpperCase(clause.charAt(0)) + clause.substring(1);
  }
}
