package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.image.RootFilesystem.File;
import dev.floxj.manifest.ActivateMode;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.ManifestParser;
import dev.floxj.store.LocalStoreFiles;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentImageTest {
  @TempDir Path temp;

  private EnvironmentJoin.Member pkg(String name, String... files) throws IOException {
    Path root = temp.resolve("nix/store/" + storePath(name).baseName());
    for (String file : files) {
      Path path = root.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, name);
    }
    return new EnvironmentJoin.Member(name, 5, storePath(name).path());
  }

  private static StorePath storePath(String name) {
    return StorePath.of("/nix/store/" + "a".repeat(32) + "-" + name);
  }

  private static Manifest manifest(String toml) {
    return ManifestParser.parse("version = 1\n" + toml, "manifest.toml");
  }

  private EnvironmentImage build(Manifest manifest, ActivateMode mode, EnvironmentJoin.Member... members) {
    return buildWithClosure(manifest, mode, List.of(), members);
  }

  /** Builds with {@code others} in the closure besides the members. */
  private EnvironmentImage buildWithClosure(
      Manifest manifest, ActivateMode mode, List<StorePath> others, EnvironmentJoin.Member... members) {
    LocalStoreFiles files = new LocalStoreFiles(temp);
    List<StorePath> closurePaths = new java.util.ArrayList<>(others);
    List.of(members).forEach(m -> closurePaths.add(StorePath.of(m.storePath())));
    ClosureFiles closure = new ClosureFiles(List.of(), closurePaths, files);
    return EnvironmentImage.build(
        new EnvironmentImage.Request(
            "demo", manifest, mode, Map.of(), List.of(members), files, closure));
  }

  private static String text(RootFilesystem root, String path) {
    return new String(((File) root.node(path)).content(), StandardCharsets.UTF_8);
  }

  @Test
  void build_withAShell_entersThroughTheActivation() throws IOException {
    EnvironmentImage image =
        build(manifest("[hook]\non-activate = \"echo hi\"\n"), null, pkg("bash", "bin/bash"), pkg("hello", "bin/hello"));

    String env = image.environmentPath();
    assertThat(new StorePath(env).name()).isEqualTo("demo-floxj-env");
    assertThat(image.config().entrypoint()).containsExactly(env + "/bin/bash", env + "/activate");
    assertThat(text(image.root(), env.substring(1) + "/activate"))
        .startsWith("#!" + env + "/bin/bash\n")
        .contains("export FLOX_ENV='" + env + "'\n");
    assertThat(text(image.root(), env.substring(1) + "/activate.d/hook-on-activate")).isEqualTo("echo hi\n");
    assertThat(image.config().env()).contains("FLOX_ENV=" + env, "FLOX_ENV_DESCRIPTION=demo");
    assertThat(image.root().node("bin")).isEqualTo(new RootFilesystem.Symlink(env + "/bin"));
  }

  @Test
  void build_withoutBashInTheEnvironment_activatesWithTheBashOfTheImage() throws IOException {
    pkg("bash-5.2", "bin/bash");
    EnvironmentImage image =
        buildWithClosure(
            manifest("[hook]\non-activate = \"echo hi\"\n"), null,
            List.of(storePath("bash-5.2")), pkg("hello", "bin/hello"));

    String bash = storePath("bash-5.2").path() + "/bin/bash";
    String env = image.environmentPath();
    assertThat(image.config().entrypoint()).containsExactly(bash, env + "/activate");
    assertThat(text(image.root(), env.substring(1) + "/activate")).startsWith("#!" + bash + "\n");
  }

  @Test
  void build_looksThroughLinksForPythonJavaCmakeJupyterAndPackagesProfileScripts()
      throws IOException {
    EnvironmentJoin.Member python =
        pkg("python3", "bin/python3", "lib/python3.12/site-packages/x.py", "etc/profile.d/py.sh",
            "etc/profile.d/not-a-script.txt");
    EnvironmentJoin.Member tools = pkg("tools", "bin/java", "bin/cmake", "share/jupyter/k.json");
    EnvironmentImage image = build(manifest(""), null, pkg("bash", "bin/bash"), python, tools);
    String env = image.environmentPath();
    assertThat(image.config().env())
        .contains(
            "PYTHONPATH=" + env + "/lib/python3.12/site-packages",
            "JAVA_HOME=" + env,
            "CMAKE_PREFIX_PATH=" + env,
            "JUPYTER_PATH=" + env + "/share/jupyter");
    assertThat(text(image.root(), env.substring(1) + "/activate"))
        .contains(". \"$FLOX_ENV/etc/profile.d/\"'py.sh'\n")
        .doesNotContain("not-a-script");
  }

  @Test
  void build_withoutShellAndNothingToActivate_runsCommandsDirectly() throws IOException {
    EnvironmentImage image =
        build(manifest("[vars]\nGREETING = \"Hello\"\n"), null, pkg("hello", "bin/hello"));

    assertThat(image.config().entrypoint()).isNull();
    assertThat(image.root().node(image.environmentPath().substring(1) + "/activate")).isNull();
    assertThat(image.config().env()).contains("GREETING=Hello");
  }

  @Test
  void build_withoutShellButAHook_isAClearErrorNamingWhatToInstall() throws IOException {
    EnvironmentJoin.Member hello = pkg("hello", "bin/hello");
    Manifest manifest =
        manifest("[vars]\nA = \"$HOME\"\n[hook]\non-activate = \"echo hi\"\n[profile]\ncommon = \"x=1\"\n");
    assertThatThrownBy(() -> build(manifest, null, hello))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "The environment's [hook] on-activate, [profile] common, [vars] A (the shell expands"
                + " \"$HOME\") must run in a shell, but the image has no bash (nor bin/sh in the"
                + " environment);"
                + " install one (e.g. bash.pkg-path = \"bashInteractive\" in [install]) or remove"
                + " what needs it.");
  }

  @Test
  void build_packagesOwnActivateFiles_yieldToTheGeneratedOnes() throws IOException {
    EnvironmentImage image =
        build(manifest(""), null, pkg("sh", "bin/sh"), pkg("odd", "activate", "activate.d/x"));
    String env = image.environmentPath().substring(1);
    assertThat(image.root().node(env + "/activate")).isInstanceOf(File.class);
    assertThat(image.root().node(env + "/activate.d/x")).isNull();
    assertThat(image.config().entrypoint().get(0)).endsWith("/bin/sh");
  }

  @Test
  void build_devModeSetsSearchPaths_runModeDoesNot_manifestModeIsTheDefault() throws IOException {
    EnvironmentJoin.Member devlib = pkg("devlib", "include/devlib.h", "share/pkgconfig/devlib.pc");
    String env = build(manifest(""), null, devlib).environmentPath();

    assertThat(build(manifest(""), null, devlib).config().env())
        .contains(
            "CPATH=" + env + "/include",
            "PKG_CONFIG_PATH=" + env + "/lib/pkgconfig:" + env + "/share/pkgconfig");
    assertThat(build(manifest(""), ActivateMode.RUN, devlib).config().env())
        .noneMatch(e -> e.startsWith("CPATH=") || e.startsWith("PKG_CONFIG_PATH="));
    assertThat(build(manifest("[options]\nactivate.mode = \"run\"\n"), null, devlib).config().env())
        .noneMatch(e -> e.startsWith("CPATH="));
    assertThat(build(manifest("[options]\nactivate.mode = \"run\"\n"), ActivateMode.DEV, devlib).config().env())
        .anyMatch(e -> e.startsWith("CPATH="));
  }

  @Test
  void build_caBundleAndLocalesInTheClosure_areExported() throws IOException {
    EnvironmentJoin.Member certs = pkg("nss-cacert", "etc/ssl/certs/ca-bundle.crt");
    EnvironmentJoin.Member locales = pkg("glibc-locales", "lib/locale/locale-archive");
    List<String> env = build(manifest(""), null, certs, locales).config().env();

    String bundle = storePath("nss-cacert").path() + "/etc/ssl/certs/ca-bundle.crt";
    assertThat(env)
        .contains(
            "SSL_CERT_FILE=" + bundle,
            "NIX_SSL_CERT_FILE=" + bundle,
            "LOCALE_ARCHIVE=" + storePath("glibc-locales").path() + "/lib/locale/locale-archive");
  }

  @Test
  void build_nonRootUser_ownsTheStore() throws IOException {
    EnvironmentImage image =
        build(manifest("[containerize.config]\nuser = \"1000:100\"\n"), null, pkg("hello", "bin/hello"));
    assertThat(image.storeOwner()).isEqualTo(new TarOwner(1000, 100, "flox", "flox"));
    assertThat(image.config().user()).isEqualTo("1000:100");
  }

  @Test
  void build_varNameAShellCannotSet_isAClearError() throws IOException {
    EnvironmentJoin.Member hello = pkg("hello", "bin/hello");
    assertThatThrownBy(() -> build(manifest("[vars]\n\"my-var\" = \"x\"\n"), null, hello))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("[vars] in manifest.toml sets 'my-var'");
  }

  @Test
  void build_sameInputs_sameEnvironmentPath_differentHook_differentPath() throws IOException {
    EnvironmentJoin.Member sh = pkg("sh", "bin/sh");
    String first = build(manifest("[hook]\non-activate = \"a\"\n"), null, sh).environmentPath();
    assertThat(build(manifest("[hook]\non-activate = \"a\"\n"), null, sh).environmentPath()).isEqualTo(first);
    assertThat(build(manifest("[hook]\non-activate = \"b\"\n"), null, sh).environmentPath()).isNotEqualTo(first);
  }
}
