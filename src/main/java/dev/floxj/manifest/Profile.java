package dev.floxj.manifest;

/** The {@code [profile]} scripts sourced by interactive shells; each null when not given. */
public record Profile(String common, String bash, String zsh, String fish, String tcsh) {
  public static final Profile NONE = new Profile(null, null, null, null, null);
}
