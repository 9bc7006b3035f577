package dev.floxj.activation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the activation of an environment as POSIX shell scripts, which bash and busybox's ash
 * both run. {@code activate} is the image's entrypoint: it sets the variables, sources the hook
 * with its output sent to stderr, then runs its arguments as one shell command, or with no
 * arguments an interactive shell that reads {@code activate.d/interactive.rc}.
 */
public final class ActivationScripts {
  public static final String ENTRY_SCRIPT = "activate";
  public static final String DIRECTORY = "activate.d";
  /** The names the activation takes in the environment's root, where packages' files yield. */
  public static final List<String> RESERVED_NAMES = List.of(ENTRY_SCRIPT, DIRECTORY);

  private static final String HOOK = DIRECTORY + "/hook-on-activate";
  private static final String PROFILE_COMMON = DIRECTORY + "/profile-common";
  private static final String PROFILE_BASH = DIRECTORY + "/profile-bash";
  private static final String INTERACTIVE_RC = DIRECTORY + "/interactive.rc";
  private static final String PROMPT = "[floxenv] \\$ ";

  private ActivationScripts() {}

  /**
   * The files, in path order.
   *
   * @param environmentPath the environment's root in the image, e.g. {@code
   *     /nix/store/<hash>-demo-floxj-env}
   * @throws IllegalStateException when the activation has no shell
   */
  public static List<ActivationFile> render(Activation activation, String environmentPath) {
    Shell shell =
        activation.shell().orElseThrow(() -> new IllegalStateException("no shell to activate"));
    String shellPath = ShellQuoting.quote(shell.pathIn(environmentPath));
    List<ActivationFile> files = new ArrayList<>();
    files.add(script(ENTRY_SCRIPT, 0555, entryScript(activation, environmentPath, shellPath)));
    if (activation.onActivate() != null) {
      files.add(script(HOOK, 0444, activation.onActivate()));
    }
    files.add(script(INTERACTIVE_RC, 0444, interactiveRc(activation)));
    if (activation.profileBash() != null) {
      files.add(script(PROFILE_BASH, 0444, activation.profileBash()));
    }
    if (activation.profileCommon() != null) {
      files.add(script(PROFILE_COMMON, 0444, activation.profileCommon()));
    }
    return files;
  }

  private static String entryScript(Activation activation, String environmentPath, String shell) {
    StringBuilder s = new StringBuilder();
    s.append("#!").append(activation.shell().get().pathIn(environmentPath))
        .append('\n');
    s.append("# Activates the flox environment ")
        .append(ShellQuoting.quote(activation.environmentName()))
        .append(" (written by floxj), then runs the arguments\n")
        .append("# as one shell command, or without arguments an interactive shell.\n");
    // Taken before the hook runs, which may change the positional parameters or IFS.
    s.append("_floxj_argc=$#\n");
    s.append("_floxj_command=\"$*\"\n");
    export(s, "FLOX_ENV", ShellQuoting.quote(environmentPath));
    export(s, "FLOX_ENV_DESCRIPTION", ShellQuoting.quote(activation.environmentName()));
    export(s, "FLOX_ENV_CACHE", ShellQuoting.quote(Activation.CACHE_DIRECTORY));
    if (!activation.pathDirectories().isEmpty()) {
      List<String> prefix = new ArrayList<>();
      activation.pathDirectories().forEach(directory -> prefix.add("$FLOX_ENV/" + directory));
      s.append("case \":${PATH-}:\" in\n")
          .append("  *\":").append(prefix.get(0)).append(":\"*) ;;\n")
          .append("  *) PATH=\"").append(String.join(":", prefix)).append("${PATH:+:$PATH}\" ;;\n")
          .append("esac\n")
          .append("export PATH\n");
    }
    activation.fixedVariables().forEach((name, value) -> export(s, name, value.shellWord()));
    if (!activation.vars().isEmpty()) {
      s.append("# [vars]\n");
      activation.vars().forEach((name, value) -> export(s, name, value.shellWord()));
    }
    if (activation.onActivate() != null) {
      s.append("# [hook] on-activate, its output on stderr\n");
      s.append(". \"$FLOX_ENV/").append(HOOK).append("\" >&2\n");
    }
    s.append("if [ \"$_floxj_argc\" -gt 0 ]; then\n")
        .append("  exec ").append(shell).append(" -c \"$_floxj_command\"\n")
        .append("fi\n");
    // bash reads an rc file given by --rcfile; other shells read $ENV when interactive.
    s.append("if [ -n \"${BASH_VERSION-}\" ]; then\n")
        .append("  exec ").append(shell).append(" --rcfile \"$FLOX_ENV/").append(INTERACTIVE_RC)
        .append("\" -i\n")
        .append("fi\n");
    s.append("ENV=\"$FLOX_ENV/").append(INTERACTIVE_RC).append("\"\n");
    s.append("export ENV\n");
    s.append("exec ").append(shell).append(" -i\n");
    return s.toString();
  }

  private static String interactiveRc(Activation activation) {
    StringBuilder s = new StringBuilder();
    s.append("# Read by the interactive shell of the flox environment ")
        .append(ShellQuoting.quote(activation.environmentName()))
        .append(" (written by floxj).\n");
    s.append("unset ENV\n");
    s.append("PS1=").append(ShellQuoting.quote(PROMPT)).append('\n');
    if (activation.profileCommon() != null) {
      s.append(". \"$FLOX_ENV/").append(PROFILE_COMMON).append("\"\n");
    }
    if (activation.profileBash() != null) {
      s.append(". \"$FLOX_ENV/").append(PROFILE_BASH).append("\"\n");
    }
    return s.toString();
  }

  private static void export(StringBuilder s, String name, String word) {
    s.append("export ").append(name).append('=').append(word).append('\n');
  }

  private static ActivationFile script(String path, int mode, String text) {
    String content = text.endsWith("\n") ? text : text + "\n";
    return new ActivationFile(path, mode, content.getBytes(StandardCharsets.UTF_8));
  }
}
