package dev.floxj.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@code bin/bash}, in a directory standing in for the environment.
 */
class ActivationScriptsTest {
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  private static final Path BASH = Path.of("/bin/bash");

  @TempDir Path temp;

  private Path environment;

  private Activation activation(
      String shell, Map<String, String> vars, String hook, Profile profile) {
    Shell chosen = shell.equals("bash") ? Shell.BASH : Shell.SH;
    return new Activation(
        "demo",
        List.of("bin"),
        Map.of("CPATH", VariableValue.parse("${FLOX_ENV}/include")),
        Activation.parseVars(vars),
        hook,
        profile,
        Optional.of(chosen));
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
    return Subprocess.of(command).env("HOME", "/home/someone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_runsVarsThenHookThenTheCommand_hookOutputOnStderr(String shell)
      throws IOException {
    Activation activation =
        activation(
            shell,
            Map.of("GREETING", "Hello"),
            "echo \"hook sees $GREETING\"\nexport HOOKED=yes\n",
            Profile.NONE);
    install(activation);

    Subprocess.Result result =
        activate(activation, "echo", "\"$GREETING, $HOOKED, $FLOX_ENV_DESCRIPTION\"").run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).isEqualTo("Hello, yes, demo\n");
    assertThat(result.stderr()).isEqualTo("hook sees Hello\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_expandsReferencesToEarlierVarsAndTheContainersOwn(String shell)
      throws IOException {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("NAME", "it's me");
    vars.put("MESSAGE", "${NAME} at $HOME, $5 $(not run)");
    Activation activation = activation(shell, vars, null, Profile.NONE);
    install(activation);

    Subprocess.Result result = activate(activation, "echo \"$MESSAGE|$CPATH\"").run();

    assertThat(result.stdout())
        .isEqualTo("it's me at /home/someone, $5 $(not run)|" + environment + "/include\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_putsTheEnvironmentFirstOnPath_once(String shell) throws IOException {
    Activation activation = activation(shell, Map.of(), null, Profile.NONE);
    install(activation);

    assertThat(activate(activation, "echo $PATH").env("PATH", "/usr/bin:/bin").run().stdout())
        .isEqualTo(environment + "/bin:/usr/bin:/bin\n");
    String already = "/x:" + environment + "/bin:/bin";
    assertThat(activate(activation, "echo $PATH").env("PATH", already).run().stdout())
        .isEqualTo(already + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_commandIsTakenBeforeTheHookCanChangeArgumentsOrIfs(String shell)
      throws IOException {
    Activation activation = activation(shell, Map.of(), "set -- other words\nIFS=x\n", Profile.NONE);
    install(activation);

    assertThat(activate(activation, "echo", "a", "b").run().stdout()).isEqualTo("a b\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_hookThatExits_endsTheContainerWithItsStatus(String shell) throws IOException {
    Activation activation = activation(shell, Map.of(), "echo failing\nexit 3\n", Profile.NONE);
    install(activation);

    Subprocess.Result result = activate(activation, "echo", "never").run();
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sh", "bash"})
  void activate_withoutArguments_startsAnInteractiveShellThatSourcedTheProfile(String shell)
      throws IOException {
    Profile profile = new Profile("PROFILED=common", "PROFILED_BASH=bash", null, null, null);
    Activation activation = activation(shell, Map.of("GREETING", "Hi"), null, profile);
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
  }

  @Test
  void render_isTheSameForTheSameActivation_andListsItsFiles() {
    Activation activation =
        activation("bash", Map.of("A", "1"), "echo hi", new Profile("c", "b", null, null, null));
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
    assertThat(new String(first.get(0).content(), StandardCharsets.UTF_8))
        .startsWith("#!/nix/store/x-env/bin/bash\n");
    assertThat(first.get(0).mode()).isEqualTo(0555);
  }

  @Test
  void render_withoutAShell_isRefused() {
    Activation activation =
        new Activation("demo", List.of("bin"), Map.of(), Map.of(), null, Profile.NONE, Optional.empty());
    assertThatThrownBy(() -> ActivationScripts.render(activation, "/nix/store/x-env"))
        .isInstanceOf(IllegalStateException.class);
  }
}
