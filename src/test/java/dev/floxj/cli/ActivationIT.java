package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.activation.Activation;
import dev.floxj.manifest.ManifestJson;
import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.ImageFixture;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker run} of floxj images behaves like flox's: activation, variables, hook, profile,
 * the interactive shell, the user and every config key, checked in a real Docker engine.
 */
class ActivationIT {
  private static final ObjectMapper JSON =
      new ObjectMapper();
  /** The images this class loaded, removed when it is done. */
  private static final Set<String> LOADED = Collections.synchronizedSet(new LinkedHashSet<>());
  /** The main image's environment name, unique to this run (other suites share the engine). */
  private static final String DEMO = TestRun.unique("activation-demo");

  private static TestPackages packages;
  private static DockerEngine docker;

  @TempDir static Path temp;

  /** bash, hook, profile, vars with references, dev mode, a closure with certificates. */
  private static String activated;
  /** sh only, and all seven [containerize.config] keys with a non-root user. */
  private static String configured;
  /** No shell and nothing to activate: commands run directly. */
  private static String direct;

  @BeforeAll
  static void buildImages() {
    packages = TestPackages.get();
    docker = DockerEngine.get();
    activated =
        containerize(
            FloxEnvFixture.named(DEMO)
                .catalog(CatalogPackage.of("bash", packages.bash()))
                .catalog(CatalogPackage.of("sh", packages.posixSh()))
                .catalog(CatalogPackage.of("coreutils", packages.coreutils()))
                .catalog(CatalogPackage.of("greet", packages.greet()))
                .catalog(CatalogPackage.of("devlib", packages.devlib()))
                .catalog(CatalogPackage.of("netclient", packages.netclient()))
                .manifestToml(
                    """
                    [vars]
                    MESSAGE = "${GREETING}, ${WHO}!"
                    GREETING = "Hello"
                    WHO = "floxj"
                    TODAY = "$(echo today)"
                    FALLBACK = "${UNSET_VAR:-default}"

                    [hook]
                    on-activate = '''
                      cat > /tmp/floxj-heredoc <<EOF
                      heredoc: $MESSAGE
                      EOF
                      export FROM_HEREDOC="$(cat /tmp/floxj-heredoc)"
                      echo "hook: $MESSAGE"
                      export HOOKED=yes
                      export HOOK_BASH="${BASH_VERSION-none}"
                    '''

                    [profile]
                    common = "PROFILED=common"
                    bash = "PROFILED_BASH=bash"
                    """)
                .writeTo(temp.resolve("activated")));
    configured =
        containerize(
            FloxEnvFixture.named(TestRun.unique("activation-configured"))
                .catalog(CatalogPackage.of("sh", packages.posixSh()))
                .catalog(CatalogPackage.of("coreutils", packages.coreutils()))
                .catalog(CatalogPackage.of("greet", packages.greet()))
                .manifestToml(
                    """
                    [containerize.config]
                    user = "alice:devs"
                    exposed-ports = ["8080", "53/udp", "8080/tcp"]
                    cmd = ["greet", "floxj"]
                    volumes = ["/data"]
                    working-dir = "/srv/app"
                    labels = { a = "1", b = "manifest" }
                    stop-signal = "SIGINT"
                    """)
                .writeTo(temp.resolve("configured")),
            "--label", "b=cli", "--label", "c");
    direct =
        containerize(
            FloxEnvFixture.named(TestRun.unique("activation-direct"))
                .catalog(CatalogPackage.of("hello", packages.hello()))
                .catalog(CatalogPackage.of("tool-a", packages.toolA()).priority(3))
                .catalog(CatalogPackage.of("tool-b", packages.toolB()))
                .manifestToml("[vars]\nGREETING = \"Hello\"\n")
                .writeTo(temp.resolve("direct")));
  }

  @AfterAll
  static void removeImages() {
    if (docker != null) {
      LOADED.forEach(docker::removeImage);
    }
  }

  /** Builds the environment's image into a file and loads it; returns its reference. */
  private static String containerize(Path environment, String... options) {
    return containerize(floxj(), environment, options);
  }

  /** Like {@link #containerize(Path, String...)}, with {@code run}'s environment. */
  private static String containerize(FloxjRun run, Path environment, String... options) {
    Path archive = temp.resolve(environment.getFileName() + "-" + options.length + ".tar");
    String image =
        ImageFixture.containerizeAndLoad(docker, run, environment, packages.storeRoot(), archive, options);
    LOADED.add(image);
    return image;
  }

  private static String environmentPath(String image) {
    return env(docker.inspect(image)).stream()
        .filter(entry -> entry.startsWith("FLOX_ENV="))
        .map(entry -> entry.substring("FLOX_ENV=".length()))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> env(JsonNode inspect) {
    return texts(inspect.path("Config").path("Env"));
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Test
  void runWithArguments_hookOutputGoesToStderr_commandOutputToStdout() {
    Subprocess.Result run = docker.run(activated, "greet", "$WHO").assertSuccess();
    assertThat(run.stdout()).isEqualTo("Hello, floxj!\n");
    assertThat(run.stderr()).contains("hook: Hello, floxj!\n");
  }

  @Test
  void runWithArguments_theyAreOneShellCommand_withVarsAndTheHooksExports() {
    Subprocess.Result run =
        docker.run(activated, "echo", "$MESSAGE", "$HOOKED", "&&", "echo", "second");
    assertThat(run.stdout()).isEqualTo("Hello, floxj! yes\nsecond\n");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void runWithArguments_withSpacesAndQuotes_stayOneArgumentEach() {
    Subprocess.Result run =
        docker.run(activated, "printf", "[%s]", "two words", "say \"hi\"", "a`b").assertSuccess();
    assertThat(run.stdout()).isEqualTo("[two words][say \"hi\"][a`b]");
  }

  @Test
  void activationAndCommand_runUnderARealGnuBash() {
    assertThat(docker.run(activated, "bash", "--version").assertSuccess().stdout())
        .startsWith("GNU bash, version ");
    // The hook ran inside the activation, the command in the shell it execs: both GNU bash.
    Subprocess.Result versions = docker.run(activated, "echo", "$HOOK_BASH", "$BASH_VERSION");
    assertThat(versions.stdout()).as(versions.describe())
        .matches("([0-9]+\\.[0-9]+\\.[^ ]+) \\1\n");
  }

  @Test
  void runWithShDashC_runsTheWholeScript() {
    assertThat(docker.run(activated, "sh", "-c", "echo a; echo b").assertSuccess().stdout())
        .isEqualTo("a\nb\n");
  }

  @Test
  void vars_expandAsTheShellDoes_commandSubstitutionDefaultsAndForwardReferences() {
    Subprocess.Result run =
        docker.run(activated, "printf", "[%s]", "m: $MESSAGE", "t: $TODAY", "f: $FALLBACK");
    assertThat(run.stdout()).as(run.describe())
        .isEqualTo("[m: Hello, floxj!][t: today][f: default]");
  }

  @Test
  void commandWithoutATerminal_hasSourcedTheProfile_andTheIndentedHeredocHook() {
    assertThat(docker.run(activated, "echo", "$PROFILED:$PROFILED_BASH:$HOOKED").stdout())
        .isEqualTo("common:bash:yes\n");
    assertThat(docker.run(activated, "echo", "$FROM_HEREDOC").stdout())
        .isEqualTo("heredoc: Hello, floxj!\n");
  }

  @Test
  void commandWithATerminal_hasNotSourcedTheProfile_asInFlox() {
    Subprocess.Result run = docker.run(List.of("-t"), activated, "echo", "profile:${PROFILED-}");
    // A terminal carries stderr too: the hook's line comes first.
    assertThat(run.stdout().lines().map(String::strip).toList())
        .as(run.describe())
        .containsExactly("hook: Hello, floxj!", "profile:");
  }

  @Test
  void command_isPid1_andReadsTheContainersStdin() {
    assertThat(docker.run(activated, "cat", "/proc/1/cmdline").assertSuccess().stdout())
        .isEqualTo("cat\0/proc/1/cmdline\0");
    assertThat(docker.runWithInput("from stdin\n", List.of(), activated, "cat").stdout())
        .isEqualTo("from stdin\n");
  }

  @Test
  void userGivenAtRunTime_activatesToo() {
    Subprocess.Result run =
        docker.run(List.of("--user", "4242:4242"), activated, "id", "-u", "&&", "greet", "$WHO");
    assertThat(run.stdout()).as(run.describe()).isEqualTo("4242\nHello, floxj!\n");
  }

  @Test
  void variables_devMode_areFloxs_withTheEnvironmentFirstOnPath() {
    String e = environmentPath(activated);
    List<String> env = docker.run(activated, "env").assertSuccess().stdout().lines().toList();
    assertThat(env)
        .contains(
            "PATH=" + e + "/bin:" + e + "/sbin:" + Activation.DEFAULT_PATH,
            "MANPATH=" + e + "/share/man:",
            "INFOPATH=" + e + "/share/info:",
            "XDG_DATA_DIRS=" + e + "/share",
            "FLOX_ENV=" + e,
            "FLOX_ENV_CACHE=/tmp",
            "FLOX_ENV_DESCRIPTION=" + DEMO,
            "FLOX_ENV_DIRS=" + e,
            "CPATH=" + e + "/include",
            "LIBRARY_PATH=" + e + "/lib",
            "PKG_CONFIG_PATH=" + e + "/lib/pkgconfig:" + e + "/share/pkgconfig",
            "ACLOCAL_PATH=" + e + "/share/aclocal",
            "SSL_CERT_FILE=" + packages.path("cacert").path() + "/etc/ssl/certs/ca-bundle.crt");
    List<String> own =
        docker.run(List.of("-e", "SSL_CERT_FILE=/corp.pem", "-e", "CPATH=/usr/include"), activated,
            "env").stdout().lines().toList();
    assertThat(own).contains("SSL_CERT_FILE=/corp.pem", "CPATH=" + e + "/include:/usr/include");
  }

  @Test
  void composedEnvironment_isContainerizedFromTheLocksMergedManifest() throws Exception {
    // The merged environment as flox locks it: bash and greet from the included environment,
    // GREETING from the included one and WHO from the including one.
    Path env =
        FloxEnvFixture.named(TestRun.unique("activation-composed"))
            .catalog(CatalogPackage.of("bash", packages.bash()))
            .catalog(CatalogPackage.of("greet", packages.greet()))
            .manifestToml("[vars]\nGREETING = \"Hello\"\nWHO = \"composed\"\n")
            .writeTo(temp.resolve("composed"));
    String composer =
        "version = 1\n[include]\nenvironments = [{ dir = \"../base\" }]\n"
            + "[vars]\nWHO = \"composed\"\n";
    Path lockPath = env.resolve(".flox/env/manifest.lock");
    ObjectNode lock =
        (ObjectNode) JSON.readTree(lockPath.toFile());
    ObjectNode compose = lock.putObject("compose");
    compose.set("composer", ManifestJson.ofToml(composer, "manifest.toml"));
    compose.putArray("include").addObject().put("name", "base");
    Files.writeString(lockPath, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(lock));
    Files.writeString(env.resolve(".flox/env/manifest.toml"), composer);

    String image = containerize(env);
    assertThat(docker.run(image, "greet", "$WHO").assertSuccess().stdout())
        .isEqualTo("Hello, composed!\n");
  }

  @Test
  void environmentWithoutBash_activatesUnderTheImagesBash_withFloxsLanguageVariables() {
    Path environment =
        FloxEnvFixture.named(TestRun.unique("activation-languages"))
            .catalog(CatalogPackage.of("python3", packages.path("python3")))
            .catalog(
                CatalogPackage.of("requests", packages.path("python-requests"))
                    .pkgPath("python3Packages.requests"))
            .catalog(CatalogPackage.of("cmake", packages.path("cmake")))
            .catalog(CatalogPackage.of("jdk", packages.path("jdk")))
            .catalog(CatalogPackage.of("jupyter", packages.path("jupyter")))
            .catalog(CatalogPackage.of("profiled", packages.path("profiled")))
            .manifestToml("[hook]\non-activate = \"export HOOKED=yes HOOK_BASH=$BASH_VERSION\"\n")
            .writeTo(temp.resolve("languages"));
    FloxjRun withImageTools = floxj().env("FLOXJ_IMAGE_TOOLS", packages.imageTools());

    String dev = containerize(withImageTools, environment);
    String e = environmentPath(dev);
    assertThat(texts(docker.inspect(dev).path("Config").path("Entrypoint")))
        .containsExactly(packages.path("image-bash").path() + "/bin/bash", e + "/activate");
    List<String> devEnv = docker.run(dev, "env").assertSuccess().stdout().lines().toList();
    assertThat(devEnv)
        .contains(
            "PYTHONPATH=" + e + "/lib/python3.12/site-packages",
            "JAVA_HOME=" + e,
            "CMAKE_PREFIX_PATH=" + e,
            "JUPYTER_PATH=" + e + "/share/jupyter",
            "FROM_PROFILE_D=yes",
            "HOOKED=yes");
    // The image's bash is a real GNU bash, and the activation ran under it.
    assertThat(docker.run(dev, "bash", "--version").assertSuccess().stdout())
        .startsWith("GNU bash, version ");
    assertThat(devEnv).anyMatch(line -> line.matches("HOOK_BASH=[0-9]+\\.[0-9]+\\..+"));
    // python3Packages.requests propagates urllib3 and python3: all on PYTHONPATH in dev mode.
    assertThat(docker.run(dev, "ls", "$PYTHONPATH").assertSuccess().stdout().lines().toList())
        .contains("requests", "urllib3");

    String run = containerize(withImageTools, environment, "--mode", "run", "-t", "run");
    List<String> runEnv = docker.run(run, "env").assertSuccess().stdout().lines().toList();
    assertThat(runEnv).contains("HOOKED=yes", "XDG_DATA_DIRS=" + environmentPath(run) + "/share");
    assertThat(runEnv)
        .noneMatch(line -> line.matches(
            "(PYTHONPATH|JAVA_HOME|CMAKE_PREFIX_PATH|JUPYTER_PATH|CPATH|FROM_PROFILE_D)=.*"));
  }

  @Test
  void hookThatExits_failsTheActivation_asFloxReportsIt() {
    String image =
        containerize(
            FloxEnvFixture.named(TestRun.unique("activation-exit"))
                .catalog(CatalogPackage.of("bash", packages.bash()))
                .manifestToml("[hook]\non-activate = \"echo leaving; exit 0\"\n")
                .writeTo(temp.resolve("exit")));
    Subprocess.Result run = docker.run(image, "echo", "never");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .contains("leaving\n", "Error: The hook.on-activate script did not complete normally.",
            "- 'exit' commands, which should be replaced with 'return'");
  }

  @Test
  void runWithArguments_exitStatusIsTheCommands() {
    assertThat(docker.run(activated, "exit", "42").exitCode()).isEqualTo(42);
  }

  @Test
  void runInteractively_givesAFloxenvPromptThatSourcedTheProfile() {
    Subprocess.Result session =
        docker.runWithInput(
            """
            echo "in-shell:$GREETING:$PROFILED:$PROFILED_BASH:$HOOKED"
            greet
            exit 0
            """,
            List.of(),
            activated);
    assertThat(session.exitCode()).as(session.describe()).isZero();
    assertThat(session.stdout()).contains("in-shell:Hello:common:bash:yes\n", "Hello, world!\n");
    assertThat(session.stdout() + session.stderr()).contains("[floxenv] ");
    assertThat(session.stderr())
        .contains("hook: Hello, floxj!", "You are now using the environment '" + DEMO + "'.");
  }

  @Test
  void overriddenEntrypoint_stillFindsTheEnvironmentThroughEnv() {
    assertThat(docker.runWithEntrypoint(activated, "greet", "ci").assertSuccess().stdout())
        .isEqualTo("Hello, ci!\n");
    String env = docker.runWithEntrypoint(activated, "env").assertSuccess().stdout();
    assertThat(env.lines().toList())
        .contains("GREETING=Hello", "FLOX_ENV=" + environmentPath(activated), "FLOX_ENV_CACHE=/tmp")
        .noneMatch(line -> line.startsWith("MESSAGE=") || line.startsWith("HOOKED="));
  }

  @Test
  void inspect_showsTheActivationEntrypointAndEnv_withCertificatesAndLocales() {
    JsonNode config = docker.inspect(activated).path("Config");
    String environment = environmentPath(activated);
    assertThat(environment).matches("/nix/store/[0-9a-z]{32}-" + DEMO + "-floxj-env");
    assertThat(texts(config.path("Entrypoint")))
        .containsExactly(environment + "/bin/bash", environment + "/activate");
    assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull()).isTrue();
    String cacert = packages.path("cacert").path();
    assertThat(env(docker.inspect(activated)))
        .startsWith("PATH=" + environment + "/bin:" + environment + "/sbin:" + Activation.DEFAULT_PATH)
        .contains(
            "FLOX_ENV_DESCRIPTION=" + DEMO,
            "SSL_CERT_FILE=" + cacert + "/etc/ssl/certs/ca-bundle.crt",
            "NIX_SSL_CERT_FILE=" + cacert + "/etc/ssl/certs/ca-bundle.crt",
            "LOCALE_ARCHIVE=" + packages.path("locales").path() + "/lib/locale/locale-archive",
            "GREETING=Hello");
  }

  @Test
  void devMode_setsSearchPaths_runModeDoesNot() {
    String environment = environmentPath(activated);
    assertThat(docker.run(activated, "echo", "$CPATH", "$PKG_CONFIG_PATH").stdout())
        .isEqualTo(
            environment + "/include " + environment + "/lib/pkgconfig:" + environment
                + "/share/pkgconfig\n");
    assertThat(docker.run(activated, "cat", "$CPATH/devlib.h").stdout()).isEqualTo("#define DEVLIB 1\n");

    String runMode = containerize(temp.resolve("activated"), "--mode", "run", "-t", "run");
    assertThat(runMode).isEqualTo(DEMO + ":run");
    assertThat(docker.run(runMode, "echo", "cpath: [${CPATH-}]").stdout()).isEqualTo("cpath: []\n");
    assertThat(docker.run(runMode, "echo", "$XDG_DATA_DIRS").stdout())
        .isEqualTo(environmentPath(runMode) + "/share\n");
    assertThat(env(docker.inspect(runMode))).noneMatch(entry -> entry.startsWith("CPATH="));
  }

  @Test
  void inspect_showsEverySevenConfigKey_withCommandLineLabelsMerged() {
    JsonNode config = docker.inspect(configured).path("Config");
    assertThat(config.path("User").asText()).isEqualTo("alice:devs");
    assertThat(config.path("ExposedPorts").fieldNames()).toIterable().containsExactly("53/udp", "8080/tcp");
    assertThat(texts(config.path("Cmd"))).containsExactly("greet", "floxj");
    assertThat(config.path("Volumes").fieldNames()).toIterable().containsExactly("/data");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/srv/app");
    assertThat(config.path("Labels").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"cli\",\"c\":\"\"}");
    assertThat(config.path("StopSignal").asText()).isEqualTo("SIGINT");
    assertThat(texts(config.path("Entrypoint")).get(0)).endsWith("/bin/sh");
  }

  @Test
  void runWithoutArguments_runsTheManifestsCmdInsideTheActivation() {
    assertThat(docker.run(configured).assertSuccess().stdout()).isEqualTo("Hello, floxj!\n");
  }

  @Test
  void nonRootUser_runsTheCommand_andOwnsTheStoreRunAndTheWorkingDirectory() {
    String greetScript = packages.greet().path() + "/bin/greet";
    Subprocess.Result run =
        docker
            .run(
                configured,
                "sh",
                "-c",
                "id -un; id -u; id -gn; id -g; pwd;"
                    + " stat -c %u:%g . /run /run/flox " + greetScript + " $FLOX_ENV/activate;"
                    + " stat -c %u:%g /srv /tmp /etc/passwd")
            .assertSuccess();
    assertThat(run.stdout().lines().toList())
        .containsExactly(
            "alice", "10000", "devs", "10000", "/srv/app",
            "10000:10000", "10000:10000", "10000:10000", "10000:10000", "10000:10000",
            "0:0", "0:0", "0:0");
  }

  @Test
  void noShellAndNothingToActivate_runsCommandsDirectly_andPriorityPicksTheFile() {
    JsonNode config = docker.inspect(direct).path("Config");
    assertThat(config.path("Entrypoint").isMissingNode() || config.path("Entrypoint").isNull()).isTrue();
    assertThat(env(docker.inspect(direct))).contains("GREETING=Hello");
    assertThat(docker.run(direct, "hello").assertSuccess().stdout()).isEqualTo("Hello, world!\n");
    assertThat(docker.run(direct, "tool").assertSuccess().stdout()).isEqualTo("tool-a\n");
  }

  @Test
  void collidingPackages_areAClearError_namingBothAndThePath() {
    Path env =
        FloxEnvFixture.named("collide")
            .catalog(CatalogPackage.of("tool-a", packages.toolA()))
            .catalog(CatalogPackage.of("tool-b", packages.toolB()))
            .writeTo(temp.resolve("collide"));
    Path archive = temp.resolve("collide.tar");
    Outcome outcome =
        floxj().run("containerize", "-d", env.toString(), "--store", packages.storeRoot().toString(), "-f", archive.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains("✘ ERROR: Packages 'tool-a' and 'tool-b' both provide the file 'bin/tool' at the same priority")
        .doesNotContain("Exception");
    assertThat(archive).doesNotExist();
  }

  @Test
  void activationWithoutAShell_isAClearError_sayingWhatToInstall() {
    Outcome outcome =
        failingContainerize(
            "no-shell",
            FloxEnvFixture.named("no-shell")
                .catalog(CatalogPackage.of("hello", packages.hello()))
                .manifestToml("[hook]\non-activate = \"echo hi\"\n"));
    assertThat(outcome.stderr())
        .contains("✘ ERROR: The environment's [hook] on-activate must run in a shell")
        .contains("the image has no bash (nor bin/sh in the environment); install one");
  }

  @Test
  void invalidUser_isAClearError() {
    Outcome outcome =
        failingContainerize(
            "bad-user",
            FloxEnvFixture.named("bad-user")
                .catalog(CatalogPackage.of("hello", packages.hello()))
                .manifestToml("[containerize.config]\nuser = \"-foo\"\n"));
    assertThat(outcome.stderr())
        .contains("✘ ERROR: [containerize.config] user = \"-foo\" in manifest.toml is not a user");
  }

  @Test
  void unknownConfigKey_isAnErrorWithFileAndLine() {
    Outcome outcome =
        failingContainerize(
            "bad-key",
            FloxEnvFixture.named("bad-key")
                .catalog(CatalogPackage.of("hello", packages.hello()))
                .manifestToml("[containerize.config]\nentrypoint = [\"sh\"]\n"));
    assertThat(outcome.stderr())
        .containsPattern("manifest.toml:\\d+:\\d+: unknown key 'entrypoint' in containerize.config");
  }

  private Outcome failingContainerize(String name, FloxEnvFixture fixture) {
    Path env = fixture.writeTo(temp.resolve(name));
    Path archive = temp.resolve(name + ".tar");
    Outcome outcome =
        floxj().run("containerize", "-d", env.toString(), "--store", packages.storeRoot().toString(), "-f", archive.toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderrLines()).hasSize(2); // "Building container..." and the error
    assertThat(outcome.stderr()).doesNotContain("Exception");
    assertThat(archive).doesNotExist();
    return outcome;
  }
}
