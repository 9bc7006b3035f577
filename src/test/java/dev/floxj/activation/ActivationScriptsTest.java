package dev.floxj.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.manifest.ActivateMode;
import dev.floxj.manifest.Profile;
import dev.floxj.testing.Prerequisites;
import dev.floxj.testing.Subprocess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated scripts, run by real shells: busybox's ash as {@code bin/sh} and GNU bash as
 * {@code bin/bash}, in a directory standing in for the environment. Expected outputs are what
 * flox's activation gives (see docs/running.md).
 */
class ActivationScriptsTest {
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Path BASH = Path.of("/bin/bash");

  @TempDir Path temp;

  private Path environment;

  private static Activation activation(
      String shell, ActivateMode mode, Map<String, String> vars, String hook, Profile profile) {
    return activation(shell, mode, EnvironmentContents.NONE, vars, hook, profile);
  }

  private static Activation activation(
      String shell,
      ActivateMode mode,
      EnvironmentContents contents,
      Map<String, String> vars,
      String hook,
      Profile profile) {
    Shell chosen = shell.equals("bash") ? Shell.BASH : Shell.SH;
    return new Activation("demo", mode, contents, vars, hook, profile, Optional.of(chosen));
  }

  private static Activation simple(String shell, Map<String, String> vars, String hook) {
    return activation(shell, ActivateMode.DEV, vars, hook, Profile.NONE);
  }

  /** Writes the files into a fresh environment directory whose shell is the real one. */
  private void install(Activation activation) throws IOException {
    environment = Files.createDirectories(temp.resolve("env"));
    Files.createDirectories(environment.resolve("bin"));
    // Wrappers rather than links, which the temporary directory's clean-up warns about.
    if (activation.shell().orElseThrow().isBash()) {
      Prerequisites.require(Files.isExecutable(BASH), BASH + " is missing (install bash)");
      wrapper(environment.resolve("bin/bash"), BASH + " \"$@\"");
    } else {
      Prerequisites.require(Files.isExecutable(BUSYBOX), BUSYBOX + " is missing (busybox-static)");
      wrapper(environment.resolve("bin/sh"), BUSYBOX + " sh \"$@\"");
    }
    for (ActivationFile file : ActivationScripts.render(activation, environment.toString())) {
      Path path = environment.resolve(file.path());
      Files.createDirectories(path.getParent());
      Files.write(path, file.content());
    }
  }

  private static void wrapper(Path path, String command) throws IOException {
    Files.writeString(path, "#!" + BUSYBOX + " sh\nexec " + command + "\n");
    path.toFile().setExecutable(true);
  }

  private Subprocess activate(Activation activation, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(environment.resolve(activation.shell().orElseThrow().path()).toString());
    command.add(environment.resolve(ActivationScripts.ENTRY_SCRIPT).toString());
    command.addAll(List.of(arguments));
    return Subprocess.of(command).env("HOME", "/home/someone").env("PATH", "/usr/bin:/bin");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_runsVarsThenHookThenTheCommand_hookOutputOnStderr(String shell)
      throws IOException {
    Activation activation =
        simple(shell, Map.of("GREETING", "Hello"), "echo \"hook sees $GREETING\"\nexport HOOKED=yes\n");
    install(activation);

    Subprocess.Result result =
        activate(activation, "echo", "$GREETING, $HOOKED, $FLOX_ENV_DESCRIPTION").run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).isEqualTo("Hello, yes, demo\n");
    assertThat(result.stderr()).isEqualTo("hook sees Hello\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_quotesArgumentsAsFlox_spacesQuotesAndBackticksStayOneArgument(String shell)
      throws IOException {
    Activation activation = simple(shell, Map.of(), null);
    install(activation);
    List<String> arguments =
        List.of("printf", "[%s]", "two words", "say \"hi\"", "a`b", "$HOME", "x\\y");

    Subprocess.Result result = activate(activation, arguments.toArray(String[]::new)).run();

    // The oracle: the same shell running the command line flox's rule gives.
    List<String> direct =
        shell.equals("bash")
            ? List.of(BASH.toString(), "-c", CommandQuoting.join(arguments))
            : List.of(BUSYBOX.toString(), "sh", "-c", CommandQuoting.join(arguments));
    Subprocess.Result expected = Subprocess.of(direct).env("HOME", "/home/someone").run();
    assertThat(result.stdout())
        .as(result.describe())
        .isEqualTo("[two words][say \"hi\"][a`b][/home/someone][xy]");
    assertThat(expected.stdout()).isEqualTo(result.stdout());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_shDashCScript_runsWhole(String shell) throws IOException {
    Activation activation = simple(shell, Map.of(), null);
    install(activation);

    Subprocess.Result result = activate(activation, "sh", "-c", "echo a; echo b").run();
    assertThat(result.stdout()).as(result.describe()).isEqualTo("a\nb\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_varsAreShellExports_withCommandSubstitutionDefaultsAndForwardReferences(
      String shell) throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("API_URL", "${BASE_URL}/api");
    vars.put("BASE_URL", "https://${HOST:-localhost}");
    vars.put("WHO", "$(echo floxj)");
    vars.put("NAME", "it's me at $HOME");
    Activation activation = simple(shell, vars, null);
    install(activation);

    Subprocess.Result result = activate(activation, "echo", "[$API_URL] [$WHO] [$NAME]").run();
    assertThat(result.stdout())
        .as(result.describe())
        .isEqualTo("[https://localhost/api] [floxj] [it's me at /home/someone]\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_withoutATerminal_sourcesTheProfileBeforeTheCommand(String shell)
      throws IOException {
    Profile profile = new Profile("  PROFILED=common\n", "PROFILED_BASH=bash", null, null, null);
    Activation activation = activation(shell, ActivateMode.DEV, Map.of(), null, profile);
    install(activation);

    String expected = shell.equals("bash") ? "common:bash\n" : "common:none\n";
    assertThat(activate(activation, "echo", "$PROFILED:${PROFILED_BASH-none}").run().stdout())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_indentedHookWithAHeredoc_isOutdentedAndRuns(String shell) throws IOException {
    String hook =
        """
            cat > "$FLOX_ENV_CACHE/floxj-heredoc-$$" <<EOF
            written by the hook
            EOF
            export FROM_HEREDOC="$(cat "$FLOX_ENV_CACHE/floxj-heredoc-$$")"
            rm "$FLOX_ENV_CACHE/floxj-heredoc-$$"
        """;
    Activation activation = simple(shell, Map.of(), hook);
    install(activation);

    Subprocess.Result result = activate(activation, "echo", "$FROM_HEREDOC").run();
    assertThat(result.stdout()).as(result.describe()).isEqualTo("written by the hook\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_hookThatExits_failsTheActivationWithFloxsMessage(String shell) throws IOException {
    Activation exitsZero = simple(shell, Map.of(), "echo leaving\nexit 0\n");
    install(exitsZero);
    Subprocess.Result exitZero = activate(exitsZero, "echo", "never").run();
    assertThat(exitZero.exitCode()).isEqualTo(1);
    assertThat(exitZero.stdout()).isEmpty();
    assertThat(exitZero.stderr())
        .isEqualTo("leaving\n" + ActivationScripts.HOOK_DID_NOT_COMPLETE + "\n");

    Activation exitsThree = simple(shell, Map.of(), "exit 3\n");
    install(exitsThree);
    Subprocess.Result exitThree = activate(exitsThree, "echo", "never").run();
    assertThat(exitThree.exitCode()).isEqualTo(1);
    assertThat(exitThree.stderr()).isEqualTo(ActivationScripts.HOOK_FAILED + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_hookThatReturns_isFine(String shell) throws IOException {
    Activation activation = simple(shell, Map.of(), "export EARLY=yes\nreturn 0\nexport LATE=yes\n");
    install(activation);
    Subprocess.Result result = activate(activation, "echo", "$EARLY${LATE-}").run();
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).isEqualTo("yes\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_devMode_setsFloxsVariables_prependedToTheContainersOwn(String shell)
      throws IOException {
    EnvironmentContents contents =
        new EnvironmentContents(
            true, Optional.of("3.12"), true, true, true, List.of("a.sh"),
            Optional.of("/bundle.crt"), Optional.of("/locale-archive"));
    Activation activation = activation(shell, ActivateMode.DEV, contents, Map.of(), null, Profile.NONE);
    install(activation);
    Files.createDirectories(environment.resolve("etc/profile.d"));
    Files.writeString(environment.resolve("etc/profile.d/a.sh"), "export FROM_PACKAGE=yes\n");

    String e = environment.toString();
    Subprocess.Result result =
        activate(activation, "env")
            .env("CPATH", "/usr/include")
            .env("PYTHONPATH", "/mine")
            .env("SSL_CERT_FILE", "/corp.pem")
            .env("NIX_SSL_CERT_FILE", "") // empty counts as unset, as in flox
            .env("LOCALE_ARCHIVE", "")
            .run();
    List<String> names =
        List.of("PATH", "MANPATH", "INFOPATH", "XDG_DATA_DIRS", "CPATH", "LIBRARY_PATH",
            "PKG_CONFIG_PATH", "ACLOCAL_PATH", "PYTHONPATH", "JAVA_HOME", "CMAKE_PREFIX_PATH",
            "JUPYTER_PATH", "FLOX_ENV", "FLOX_ENV_CACHE", "FLOX_ENV_DESCRIPTION", "FLOX_ENV_DIRS",
            "SSL_CERT_FILE", "NIX_SSL_CERT_FILE", "LOCALE_ARCHIVE", "FROM_PACKAGE");
    Map<String, String> env = new LinkedHashMap<>();
    result.stdout().lines().forEach(line -> env.put(line.substring(0, line.indexOf('=')), line));
    List<String> shown = names.stream().map(name -> env.getOrDefault(name, name + " unset")).toList();

    assertThat(shown)
        .as(result.describe())
        .containsExactly(
            "PATH=" + e + "/bin:" + e + "/sbin:/usr/bin:/bin",
            "MANPATH=" + e + "/share/man:",
            "INFOPATH=" + e + "/share/info:",
            "XDG_DATA_DIRS=" + e + "/share",
            "CPATH=" + e + "/include:/usr/include",
            "LIBRARY_PATH=" + e + "/lib",
            "PKG_CONFIG_PATH=" + e + "/lib/pkgconfig:" + e + "/share/pkgconfig",
            "ACLOCAL_PATH=" + e + "/share/aclocal",
            "PYTHONPATH=/mine:" + e + "/lib/python3.12/site-packages",
            "JAVA_HOME=" + e,
            "CMAKE_PREFIX_PATH=" + e,
            "JUPYTER_PATH=" + e + "/share/jupyter",
            "FLOX_ENV=" + e,
            "FLOX_ENV_CACHE=/tmp",
            "FLOX_ENV_DESCRIPTION=demo",
            "FLOX_ENV_DIRS=" + e,
            "SSL_CERT_FILE=/corp.pem",
            "NIX_SSL_CERT_FILE=/bundle.crt",
            "LOCALE_ARCHIVE=/locale-archive",
            "FROM_PACKAGE=yes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_valuesOfTheImagesEnv_areNotRepeated(String shell) throws IOException {
    Activation activation = simple(shell, Map.of(), null);
    install(activation);
    Subprocess run = activate(activation, "echo", "$PATH $MANPATH $INFOPATH $CPATH");
    for (String entry : activation.configEnv(environment.toString())) {
      int eq = entry.indexOf('=');
      run.env(entry.substring(0, eq), entry.substring(eq + 1));
    }
    String e = environment.toString();
    assertThat(run.run().stdout())
        .isEqualTo(e + "/bin:" + e + "/sbin:" + Activation.DEFAULT_PATH + " " + e + "/share/man: "
            + e + "/share/info: " + e + "/include\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_runMode_setsOnlyTheCommonPaths_andSkipsPackagesProfileScripts(String shell)
      throws IOException {
    EnvironmentContents contents =
        new EnvironmentContents(
            true, Optional.of("3.12"), true, false, false, List.of("a.sh"), Optional.empty(),
            Optional.empty());
    Activation activation = activation(shell, ActivateMode.RUN, contents, Map.of(), null, Profile.NONE);
    install(activation);

    assertThat(activate(activation, "echo", "run: [${CPATH-}${PYTHONPATH-}${JAVA_HOME-}] [$XDG_DATA_DIRS]")
            .run().stdout())
        .isEqualTo("run: [] [" + environment + "/share]\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_putsTheEnvironmentBackInFrontOfPathAfterTheHook(String shell) throws IOException {
    Activation activation = simple(shell, Map.of(), "export PATH=\"/hooked:$PATH\"\n");
    install(activation);

    String e = environment.toString();
    assertThat(activate(activation, "echo", "$PATH").run().stdout())
        .isEqualTo(e + "/bin:" + e + "/sbin:/hooked:/usr/bin:/bin\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_commandIsTakenBeforeTheHookCanChangeArgumentsOrIfs(String shell)
      throws IOException {
    Activation activation = simple(shell, Map.of(), "set -- other words\nIFS=x\n");
    install(activation);

    assertThat(activate(activation, "echo", "a", "b").run().stdout()).isEqualTo("a b\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_commandReadsTheContainersStdin(String shell) throws IOException {
    Activation activation =
        activation(shell, ActivateMode.DEV, Map.of(), null, new Profile("P=1", null, null, null, null));
    install(activation);

    Subprocess.Result result =
        activate(activation, "cat")
            .stdin(new ByteArrayInputStream("from stdin\n".getBytes(StandardCharsets.UTF_8)))
            .run();
    assertThat(result.stdout()).isEqualTo("from stdin\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_withoutArguments_startsAnInteractiveShellThatSourcedTheProfile(String shell)
      throws IOException {
    Profile profile = new Profile("PROFILED=common", "PROFILED_BASH=bash", null, null, null);
    Activation activation =
        activation(shell, ActivateMode.DEV, Map.of("GREETING", "Hi"), null, profile);
    install(activation);

    String session = "echo \"in:$GREETING:$PROFILED:${PROFILED_BASH-none}\"\nexit 7\n";
    Subprocess.Result result =
        activate(activation)
            .stdin(new ByteArrayInputStream(session.getBytes(StandardCharsets.UTF_8)))
            .run();

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(7);
    String expectedBashProfile = shell.equals("bash") ? "bash" : "none";
    assertThat(result.stdout()).contains("in:Hi:common:" + expectedBashProfile + "\n");
    assertThat(result.stdout() + result.stderr()).contains("[floxenv] ");
    assertThat(result.stderr()).contains("You are now using the environment 'demo'");
  }

  @Test
  void render_isTheSameForTheSameActivation_andListsItsFiles() {
    Activation activation =
        activation("bash", ActivateMode.DEV, Map.of("A", "1"), "echo hi",
            new Profile("c", "b", null, null, null));
    List<ActivationFile> first = ActivationScripts.render(activation, "/nix/store/x-env");
    List<ActivationFile> second = ActivationScripts.render(activation, "/nix/store/x-env");

    assertThat(first).extracting(ActivationFile::path)
        .containsExactly(
            "activate",
            "activate.d/hook-on-activate",
            "activate.d/interactive.rc",
            "activate.d/profile-bash",
            "activate.d/profile-common");
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.get(i).content()).isEqualTo(second.get(i).content());
    }
    String entry = new String(first.get(0).content(), StandardCharsets.UTF_8);
    assertThat(entry).startsWith("#!/nix/store/x-env/bin/bash\n").contains("export A=\"1\"\n");
    assertThat(first.get(0).mode()).isEqualTo(0555);
  }

  @Test
  void render_withTheImagesBash_usesItsAbsolutePath() {
    Activation activation =
        new Activation("demo", ActivateMode.DEV, EnvironmentContents.NONE, Map.of(), null,
            Profile.NONE, Optional.of(new Shell("/nix/store/b-bash/bin/bash", true)));
    String entry =
        new String(ActivationScripts.render(activation, "/nix/store/x-env").get(0).content(),
            StandardCharsets.UTF_8);
    assertThat(entry).startsWith("#!/nix/store/b-bash/bin/bash\n")
        .contains("_floxj_shell='/nix/store/b-bash/bin/bash'\n");
  }

  @Test
  void render_withoutAShell_isRefused() {
    Activation activation =
        new Activation("demo", ActivateMode.DEV, EnvironmentContents.NONE, Map.of(), null,
            Profile.NONE, Optional.empty());
    assertThatThrownBy(() -> ActivationScripts.render(activation, "/nix/store/x-env"))
        .isInstanceOf(IllegalStateException.class);
  }
}
