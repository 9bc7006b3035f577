package dev.floxj.activation;

import dev.floxj.manifest.ActivateMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the activation of an environment as shell scripts that bash (and busybox's ash) run,
 * doing what flox's activation does, in its order:
 *
 * <ol>
 *   <li>{@code FLOX_ENV} and the others, {@code PATH} and {@code MANPATH}, the CA bundle and
 *       locales when not set already;
 *   <li>what flox's {@code etc/profile.d} scripts set: {@code INFOPATH}, {@code XDG_DATA_DIRS},
 *       and in dev mode the build search paths and the language variables;
 *   <li>the {@code [vars]}, as {@code export NAME="value"}, after the entries they refer to;
 *   <li>in dev mode the packages' own {@code $FLOX_ENV/etc/profile.d/*.sh};
 *   <li>the hook, its stdout sent to stderr; a hook that {@code exit}s fails as in flox;
 *   <li>{@code PATH} and {@code MANPATH} put right again;
 *   <li>the command (the arguments quoted as flox quotes them, run by the shell with {@code -c},
 *       after the {@code [profile]} scripts when stdout is not a terminal), or an interactive
 *       shell that sources the profile.
 * </ol>
 *
 * {@code activate} is the image's entrypoint; the hook and profile are files of their own in
 * {@code activate.d}, outdented.
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

  /** flox's words when the hook ends the activation with {@code exit 0} (or {@code exec}). */
  static final String HOOK_DID_NOT_COMPLETE =
      "Error: The hook.on-activate script did not complete normally.\n"
          + "\n"
          + "Review your script for the use of:\n"
          + "- 'exit' commands, which should be replaced with 'return'\n"
          + "- 'exec' commands, which should be run in a subshell: '(exec command)'";

  /** flox's words when the hook exits with a non-zero status. */
  static final String HOOK_FAILED = "Error: Running hook.on-activate failed";

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
    String shellPath = shell.pathIn(environmentPath);
    List<ActivationFile> files = new ArrayList<>();
    files.add(script(ENTRY_SCRIPT, 0555, entryScript(activation, environmentPath, shellPath)));
    if (activation.hookScript() != null) {
      files.add(script(HOOK, 0444, activation.hookScript()));
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
    s.append("#!").append(shell).append('\n');
    s.append("# Activates the flox environment ")
        .append(ShellQuoting.quote(activation.environmentName()))
        .append(" (written by floxj) as flox does, then runs\n")
        .append("# the arguments as one shell command, or without arguments an interactive shell.\n");
    s.append(HELPERS);
    s.append("_floxj_shell=").append(ShellQuoting.quote(shell)).append('\n');
    // Taken before the hook runs, which may change the positional parameters or IFS.
    s.append("_floxj_argc=$#\n");
    s.append(JOIN_ARGUMENTS);

    s.append("# The environment\n");
    export(s, "FLOX_ENV", ShellQuoting.quote(environmentPath));
    export(s, "FLOX_ENV_CACHE", ShellQuoting.quote(Activation.CACHE_DIRECTORY));
    export(s, "FLOX_ENV_DESCRIPTION", ShellQuoting.quote(activation.environmentName()));
    s.append("case \":${FLOX_ENV_DIRS-}:\" in\n")
        .append("  *\":$FLOX_ENV:\"*) ;;\n")
        .append("  *) FLOX_ENV_DIRS=\"$FLOX_ENV${FLOX_ENV_DIRS:+:$FLOX_ENV_DIRS}\" ;;\n")
        .append("esac\n")
        .append("export FLOX_ENV_DIRS\n");
    s.append("_floxj_fix_paths\n");
    activation.contents().caBundle().ifPresent(bundle -> {
      unlessSet(s, "SSL_CERT_FILE", bundle);
      unlessSet(s, "NIX_SSL_CERT_FILE", bundle);
    });
    activation.contents().localeArchive().ifPresent(archive -> unlessSet(s, "LOCALE_ARCHIVE", archive));

    s.append("# What flox's etc/profile.d scripts set (").append(activation.mode().keyword())
        .append(" mode)\n");
    s.append("case \":${INFOPATH-}:\" in\n")
        .append("  *\":$FLOX_ENV/share/info:\"*) ;;\n")
        .append("  ::) INFOPATH=\"$FLOX_ENV/share/info:\" ;;\n")
        .append("  *::) INFOPATH=\"$FLOX_ENV/share/info:$INFOPATH\" ;;\n")
        .append("  *) INFOPATH=\"$FLOX_ENV/share/info:$INFOPATH:\" ;;\n")
        .append("esac\n")
        .append("export INFOPATH\n");
    s.append("_floxj_prepend XDG_DATA_DIRS \"$FLOX_ENV/share\"\n");
    if (activation.mode() == ActivateMode.DEV) {
      for (Map.Entry<String, List<String>> search : activation.devSearchPaths()) {
        List<String> directories = search.getValue();
        for (int i = directories.size() - 1; i >= 0; i--) {
          s.append("_floxj_prepend ").append(search.getKey()).append(" \"$FLOX_ENV/")
              .append(directories.get(i)).append("\"\n");
        }
      }
      pythonPath(s, activation);
      if (activation.contents().java()) {
        s.append("export JAVA_HOME=\"$FLOX_ENV\"\n");
      }
      if (activation.contents().cmake()) {
        s.append("if [ -n \"${CMAKE_PREFIX_PATH:-}\" ] && [ \"$CMAKE_PREFIX_PATH\" != \"$FLOX_ENV\" ];"
            + " then\n")
            .append("  echo \"WARNING: overriding CMAKE_PREFIX_PATH='$FLOX_ENV'\" >&2\n")
            .append("fi\n")
            .append("export CMAKE_PREFIX_PATH=\"$FLOX_ENV\"\n");
      }
      if (activation.contents().jupyter()) {
        s.append("_floxj_prepend JUPYTER_PATH \"$FLOX_ENV/share/jupyter\"\n");
      }
    }

    Map<String, String> vars = activation.orderedVars();
    if (!vars.isEmpty()) {
      s.append("# [vars], each after the ones it refers to\n");
      vars.forEach((name, value) -> s.append("export ").append(name).append("=\"").append(value)
          .append("\"\n"));
    }
    if (!activation.packageProfileScripts().isEmpty()) {
      s.append("# The packages' own etc/profile.d scripts\n");
      for (String script : activation.packageProfileScripts()) {
        s.append(". \"$FLOX_ENV/etc/profile.d/\"").append(ShellQuoting.quote(script)).append('\n');
      }
    }
    if (activation.hookScript() != null) {
      s.append("# [hook] on-activate, its output on stderr; it must not end the activation\n");
      s.append("trap '_floxj_hook_ended $?' EXIT\n");
      s.append(". \"$FLOX_ENV/").append(HOOK).append("\" >&2\n");
      s.append("trap - EXIT\n");
    }
    s.append("_floxj_fix_paths\n");

    String profile = profileCommands(activation);
    s.append("if [ \"$_floxj_argc\" -gt 0 ]; then\n");
    if (!profile.isEmpty()) {
      // flox sources the profile before a command only when stdout is not a terminal.
      s.append("  if [ ! -t 1 ]; then\n")
          .append("    exec \"$_floxj_shell\" -c '").append(profile).append("'\"$_floxj_command\"\n")
          .append("  fi\n");
    }
    s.append("  exec \"$_floxj_shell\" -c \"$_floxj_command\"\n")
        .append("fi\n");
    s.append("echo \"✅ You are now using the environment '$FLOX_ENV_DESCRIPTION'.\" >&2\n")
        .append("echo \"To stop using this environment, type 'exit'\" >&2\n")
        .append("echo >&2\n");
    // bash reads an rc file given by --rcfile; other shells read $ENV when interactive.
    s.append("if [ -n \"${BASH_VERSION-}\" ]; then\n")
        .append("  exec \"$_floxj_shell\" --noprofile --rcfile \"$FLOX_ENV/").append(INTERACTIVE_RC)
        .append("\" -i\n")
        .append("fi\n");
    s.append("ENV=\"$FLOX_ENV/").append(INTERACTIVE_RC).append("\"\n");
    s.append("export ENV\n");
    s.append("exec \"$_floxj_shell\" -i\n");
    return s.toString();
  }

  /** {@code PYTHONPATH} gets the environment's site-packages at its end, unless already there. */
  private static void pythonPath(StringBuilder s, Activation activation) {
    if (!activation.contents().python3()) {
      return;
    }
    String site =
        activation
            .pythonSitePackages()
            .map(path -> "\"$FLOX_ENV/" + path + "\"")
            .orElse(
                "\"$FLOX_ENV/lib/python$(\"$FLOX_ENV/bin/python3\" -c 'import sys\n"
                    + "print(\"{}.{}\".format(sys.version_info[0], sys.version_info[1]))')"
                    + "/site-packages\"");
    s.append("_floxj_site=").append(site).append('\n')
        .append("case \":${PYTHONPATH:-}:\" in\n")
        .append("  *\":$_floxj_site:\"*) ;;\n")
        .append("  *) PYTHONPATH=\"${PYTHONPATH:+$PYTHONPATH:}$_floxj_site\" ;;\n")
        .append("esac\n")
        .append("export PYTHONPATH\n");
  }

  /** The commands (single-quote-free) that source the profile scripts, each ending in "; ". */
  private static String profileCommands(Activation activation) {
    StringBuilder s = new StringBuilder();
    if (activation.profileCommon() != null) {
      s.append(". \"$FLOX_ENV/").append(PROFILE_COMMON).append("\"; ");
    }
    if (activation.profileBash() != null) {
      s.append(". \"$FLOX_ENV/").append(PROFILE_BASH).append("\"; ");
    }
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

  private static void unlessSet(StringBuilder s, String name, String value) {
    s.append("[ -n \"${").append(name).append(":-}\" ] || export ").append(name).append('=')
        .append(ShellQuoting.quote(value)).append('\n');
  }

  private static ActivationFile script(String path, int mode, String text) {
    String content = text.endsWith("\n") ? text : text + "\n";
    return new ActivationFile(path, mode, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Shell functions the entry script uses. */
  private static final String HELPERS =
      """
      # _floxj_front FIRST LIST: FIRST, then the entries of LIST not in it, each once.
      _floxj_front() {
        _floxj_out=$1
        _floxj_seen=":$1:"
        _floxj_rest=$2
        while [ -n "$_floxj_rest" ]; do
          _floxj_dir=${_floxj_rest%%:*}
          case "$_floxj_rest" in
            *:*) _floxj_rest=${_floxj_rest#*:} ;;
            *) _floxj_rest= ;;
          esac
          if [ -z "$_floxj_dir" ]; then
            _floxj_out="$_floxj_out:"
            continue
          fi
          case "$_floxj_seen" in
            *":$_floxj_dir:"*) continue ;;
          esac
          _floxj_seen="$_floxj_seen$_floxj_dir:"
          _floxj_out="$_floxj_out:$_floxj_dir"
        done
        case "$2" in
          *:) case "$_floxj_out" in *:) ;; *) _floxj_out="$_floxj_out:" ;; esac ;;
        esac
      }
      # PATH starts with the environment's bin and sbin; MANPATH with its share/man, and keeps
      # man's default search path (a colon at its end unless one is there already).
      _floxj_fix_paths() {
        _floxj_front "$FLOX_ENV/bin:$FLOX_ENV/sbin" "${PATH-}"
        PATH=$_floxj_out
        case "${MANPATH-}" in
          :*|*:|*::*) _floxj_front "$FLOX_ENV/share/man" "$MANPATH" ;;
          *) _floxj_front "$FLOX_ENV/share/man" "${MANPATH-}"; _floxj_out="$_floxj_out:" ;;
        esac
        MANPATH=$_floxj_out
        export PATH MANPATH
      }
      # _floxj_prepend NAME DIR: DIR first in the search path NAME, unless it is in it already.
      _floxj_prepend() {
        eval "_floxj_value=\\${$1-}"
        case ":$_floxj_value:" in
          *":$2:"*) ;;
          *) eval "$1=\\"\\$2\\${_floxj_value:+:\\$_floxj_value}\\"" ;;
        esac
        export "$1"
      }
      """
          + "# Runs when the hook ends the shell (exit) instead of returning: flox fails the activation.\n"
          + "_floxj_hook_ended() {\n"
          + "  trap - EXIT\n"
          + "  if [ \"$1\" -eq 0 ]; then\n"
          + "    printf '%s\\n' " + ShellQuoting.quote(HOOK_DID_NOT_COMPLETE) + " >&2\n"
          + "  else\n"
          + "    printf '%s\\n' " + ShellQuoting.quote(HOOK_FAILED) + " >&2\n"
          + "  fi\n"
          + "  exit 1\n"
          + "}\n";

  /** Joins "$@" into $_floxj_command as flox does (see {@link CommandQuoting}). */
  private static final String JOIN_ARGUMENTS =
      """
      _floxj_command=
      _floxj_first=1
      for _floxj_arg in "$@"; do
        case "$_floxj_arg" in
          *[\\ \\"\\`]*)
            _floxj_rest=$_floxj_arg
            _floxj_arg=
            while :; do
              case "$_floxj_rest" in
                *[\\"\\`]*)
                  _floxj_head=${_floxj_rest%%[\\"\\`]*}
                  _floxj_rest=${_floxj_rest#"$_floxj_head"}
                  _floxj_arg="$_floxj_arg$_floxj_head\\\\${_floxj_rest%"${_floxj_rest#?}"}"
                  _floxj_rest=${_floxj_rest#?}
                  ;;
                *)
                  _floxj_arg=$_floxj_arg$_floxj_rest
                  break
                  ;;
              esac
            done
            _floxj_arg="\\"$_floxj_arg\\""
            ;;
        esac
        if [ -n "$_floxj_first" ]; then
          _floxj_command=$_floxj_arg
          _floxj_first=
        else
          _floxj_command="$_floxj_command $_floxj_arg"
        fi
      done
      unset _floxj_arg _floxj_rest _floxj_head _floxj_first
      """;
}
