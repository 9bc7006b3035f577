package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.ImageFixture;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestCatalog;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import dev.floxj.store.StorePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environments of real nixpkgs shapes (setup hooks, propagated inputs, multi-output libraries,
 * info and MIME indexes, perllocal.pod, lib64 -> lib, a wrapper), locked as flox locks them, in
 * both lock styles and both modes, built into images and looked at inside a real Docker engine:
 * which package wins a file, what dev mode adds, and what every flox image carries (a shell,
 * coreutils, a CA bundle and locales).
 */
class JoinIT {
  private static TestPackages packages;
  private static DockerEngine docker;
  private static final List<String> images = new ArrayList<>();

  @TempDir static Path temp;

  /** schema-version lock, outputs = "all", dev mode (the default). */
  private static String dev;
  /** version = 1 lock (every output), -m run. */
  private static String run;

  /** Paths printed inside the container, each as PATH=<link target>, DIR, FILE or ABSENT. */
  private static final List<String> PATHS =
      List.of(
          "nix-support",
          "bin/ld",
          "bin/ar",
          "bin/gcc",
          "bin/cmake",
          "bin/python3.12",
          "bin/openssl",
          "bin/user-env-app",
          "bin/user-env-dep",
          "bin/tool",
          "bin/sh",
          "bin/bash",
          "bin/ls",
          "include/zlib.h",
          "include/openssl",
          "lib/pkgconfig/zlib.pc",
          "lib/pkgconfig/openssl.pc",
          "lib/python3.12",
          "lib/python3.12/site-packages/requests",
          "lib/python3.12/site-packages/urllib3",
          "lib64",
          "lib64/libz.so.1",
          "lib64/cmake",
          "share/info/dir",
          "share/info/gcc.info",
          "share/info/binutils.info",
          "share/info/cmake.info",
          "share/mime/mime.cache",
          "share/mime/globs2",
          "share/mime/packages/cmake.xml",
          "share/mime/packages/freedesktop.org.xml",
          "lib/perl5/site_perl/5.40.0/JSON.pm",
          "lib/perl5/site_perl/5.40.0/x86_64-linux/perllocal.pod");

  @BeforeAll
  static void buildImages() {
    packages = TestPackages.get();
    docker = DockerEngine.get();
    dev =
        containerize(
            shapes(TestRun.unique("floxj-join-dev"), "1.14.0").writeTo(temp.resolve("dev")),
            floxj().env("FLOXJ_IMAGE_TOOLS", packages.imageTools()));
    run =
        containerize(
            shapes(TestRun.unique("floxj-join-run"), null).writeTo(temp.resolve("run")),
            floxj().env("FLOXJ_IMAGE_TOOLS", packages.imageTools()),
            "-m",
            "run");
  }

  @AfterAll
  static void removeImages() {
    if (docker != null) {
      images.forEach(docker::removeImage);
    }
  }

  /** The package set, locked as flox locks it: {@code schemaVersion} null writes version = 1. */
  private static FloxEnvFixture shapes(String name, String schemaVersion) {
    boolean v1 = schemaVersion == null;
    FloxEnvFixture fixture = FloxEnvFixture.named(name).schemaVersion(schemaVersion);
    fixture
        .catalog(CatalogPackage.of("requests", packages.path("python-requests")).pkgPath("python3Packages.requests"))
        .catalog(CatalogPackage.of("python-wrapper", packages.path("python-wrapper")))
        .catalog(CatalogPackage.of("gcc", packages.path("gcc-wrapper")))
        .catalog(CatalogPackage.of("cmake", packages.path("cmake")))
        .catalog(multiOutput("zlib", List.of("out"), v1, "out", "zlib-out", "dev", "zlib-dev"))
        .catalog(
            multiOutput(
                "openssl",
                List.of("bin", "out"),
                v1,
                "bin",
                "openssl-bin",
                "out",
                "openssl-out",
                "dev",
                "openssl-dev"))
        .catalog(CatalogPackage.of("shared-mime-info", packages.path("shared-mime-info")))
        .catalog(CatalogPackage.of("perl-json", packages.path("perl-json")))
        .catalog(CatalogPackage.of("perl-yaml", packages.path("perl-yaml")))
        .catalog(CatalogPackage.of("user-env-app", packages.path("user-env-app")))
        .catalog(CatalogPackage.of("tool-a", packages.toolA()).priority(1))
        .catalog(CatalogPackage.of("tool-b", packages.toolB()));
    return fixture;
  }

  /** A package of several outputs; with schema-version, installed with outputs = "all". */
  private static CatalogPackage multiOutput(
      String installId, List<String> outputsToInstall, boolean v1, String... outputAttributes) {
    Map<String, StorePath> outputs = new LinkedHashMap<>();
    for (int i = 0; i < outputAttributes.length; i += 2) {
      outputs.put(outputAttributes[i], packages.path(outputAttributes[i + 1]));
    }
    CatalogPackage pkg =
        CatalogPackage.of(installId, outputs.get("out")).outputs(outputs, outputsToInstall);
    return v1 ? pkg : pkg.manifestOutputs("all");
  }

  private static String containerize(Path environment, FloxjRun floxj, String... options) {
    Path archive = temp.resolve(environment.getFileName() + ".tar");
    String image =
        ImageFixture.containerizeAndLoad(docker, floxj, environment, packages.storeRoot(), archive, options);
    images.add(image);
    return image;
  }

  /** What each of {@link #PATHS} is inside the container's {@code $FLOX_ENV}, and more. */
  private static Map<String, String> look(String image) {
    StringBuilder script = new StringBuilder("e=$FLOX_ENV\n");
    script.append(
        "p() { if [ -L \"$1\" ]; then echo \"$2=$(readlink \"$1\")\"; elif [ -d \"$1\" ]; then"
            + " echo \"$2=DIR\"; elif [ -e \"$1\" ]; then echo \"$2=FILE\"; else echo"
            + " \"$2=ABSENT\"; fi; }\n");
    for (String path : PATHS) {
      script.append("p \"$e/").append(path).append("\" ").append(path).append('\n');
    }
    script.append("p /bin/sh /bin/sh\np /bin/ls /bin/ls\np /bin/cat /bin/cat\n");
    script.append("echo \"tool-output=$($e/bin/tool)\"\n");
    script.append("echo \"SSL_CERT_FILE=$SSL_CERT_FILE\"\n");
    script.append("echo \"LOCALE_ARCHIVE=$LOCALE_ARCHIVE\"\n");
    Subprocess.Result result = docker.runWithEntrypoint(image, "/bin/sh", "-c", script.toString());
    assertThat(result.exitCode()).as(result.describe()).isZero();
    Map<String, String> seen = new LinkedHashMap<>();
    result.stdout().lines().forEach(line -> {
      int equals = line.indexOf('=');
      seen.put(line.substring(0, equals), line.substring(equals + 1));
    });
    return seen;
  }

  private static String out(String attribute, String relative) {
    return packages.path(attribute).path() + "/" + relative;
  }

  @Test
  void devMode_followsPropagatedBuildInputs_andLinksNoneOfWhatBuildenvNeverLinks() {
    Map<String, String> seen = look(dev);

    // requests -> urllib3 -> python3, gcc -> bintools: all joined in dev mode.
    assertThat(seen)
        .containsEntry("lib/python3.12/site-packages/requests", out("python-requests", "lib/python3.12/site-packages/requests"))
        .containsEntry("lib/python3.12/site-packages/urllib3", out("python-urllib3", "lib/python3.12/site-packages/urllib3"))
        .containsEntry("bin/ld", out("bintools", "bin/ld"))
        .containsEntry("bin/ar", out("bintools", "bin/ar"))
        .containsEntry("bin/gcc", out("gcc-wrapper", "bin/gcc"))
        .containsEntry("share/info/binutils.info", out("bintools", "share/info/binutils.info"));
    // Two routes to python's file: the wrapper's symlink and python3's own file; the file wins.
    assertThat(seen).containsEntry("bin/python3.12", out("python3", "bin/python3.12"));
    // Two dev outputs with nix-support, both in: their headers and pkg-config files side by side.
    assertThat(seen)
        .containsEntry("include/zlib.h", out("zlib-dev", "include/zlib.h"))
        .containsEntry("include/openssl", out("openssl-dev", "include/openssl"))
        .containsEntry("lib/pkgconfig/zlib.pc", out("zlib-dev", "lib/pkgconfig/zlib.pc"))
        .containsEntry("bin/openssl", out("openssl-bin", "bin/openssl"));
    // lib64 -> lib of zlib, next to cmake's real lib64: merged.
    assertThat(seen)
        .containsEntry("lib64", "DIR")
        .containsEntry("lib64/libz.so.1", out("zlib-out", "lib64/libz.so.1"))
        .containsEntry("lib64/cmake", out("cmake", "lib64/cmake"));
    assertNeverLinked(seen);
  }

  @Test
  void runMode_doesNotFollowPropagatedBuildInputs() {
    Map<String, String> seen = look(run);

    // Only requests provides lib/python3.12 now: one link to its directory.
    assertThat(seen)
        .containsEntry("lib/python3.12", out("python-requests", "lib/python3.12"))
        .containsEntry("lib/python3.12/site-packages/requests", "DIR")
        .containsEntry("lib/python3.12/site-packages/urllib3", "ABSENT")
        .containsEntry("bin/ld", "ABSENT")
        .containsEntry("bin/ar", "ABSENT")
        .containsEntry("bin/gcc", out("gcc-wrapper", "bin/gcc"))
        .containsEntry("share/info/binutils.info", "ABSENT");
    // Only the wrapper provides bin/python3.12 now.
    assertThat(seen).containsEntry("bin/python3.12", out("python-wrapper", "bin/python3.12"));
    // version = 1 installs every output: the dev outputs too, at 1000·p + k.
    assertThat(seen)
        .containsEntry("include/zlib.h", out("zlib-dev", "include/zlib.h"))
        .containsEntry("include/openssl", out("openssl-dev", "include/openssl"));
    assertNeverLinked(seen);
  }

  @Test
  void bothModes_joinPropagatedUserEnvPackages_andTheLowerPriorityNumberWins() {
    for (String image : List.of(dev, run)) {
      Map<String, String> seen = look(image);
      assertThat(seen)
          .containsEntry("bin/user-env-app", out("user-env-app", "bin/user-env-app"))
          .containsEntry("bin/user-env-dep", out("user-env-dep", "bin/user-env-dep"))
          .containsEntry("bin/tool", out("tool-a", "bin/tool"))
          .containsEntry("tool-output", "tool-a");
    }
  }

  @Test
  void bashAndCoreutils_areInTheImageRoot_notInFloxEnv_withTheCaBundleAndLocales() {
    Map<String, String> seen = look(dev);

    assertThat(seen)
        .containsEntry("bin/sh", "ABSENT")
        .containsEntry("bin/bash", "ABSENT")
        .containsEntry("bin/ls", "ABSENT")
        .containsEntry("/bin/sh", out("image-bash", "bin/sh"))
        .containsEntry("/bin/ls", out("image-coreutils", "bin/ls"))
        .containsEntry("/bin/cat", out("image-coreutils", "bin/cat"))
        .containsEntry("SSL_CERT_FILE", out("cacert", "etc/ssl/certs/ca-bundle.crt"))
        .containsEntry("LOCALE_ARCHIVE", out("locales", "lib/locale/locale-archive"));
  }

  private static void assertNeverLinked(Map<String, String> seen) {
    assertThat(seen)
        .containsEntry("nix-support", "ABSENT")
        .containsEntry("share/info/dir", "ABSENT")
        .containsEntry("share/info/gcc.info", out("gcc-wrapper", "share/info/gcc.info"))
        .containsEntry("share/info/cmake.info", out("cmake", "share/info/cmake.info"))
        .containsEntry("share/mime/mime.cache", "ABSENT")
        .containsEntry("share/mime/globs2", "ABSENT")
        .containsEntry("share/mime/packages/cmake.xml", out("cmake", "share/mime/packages/cmake.xml"))
        .containsEntry(
            "share/mime/packages/freedesktop.org.xml",
            out("shared-mime-info", "share/mime/packages/freedesktop.org.xml"))
        .containsEntry("lib/perl5/site_perl/5.40.0/JSON.pm", out("perl-json", "lib/perl5/site_perl/5.40.0/JSON.pm"))
        .containsEntry("lib/perl5/site_perl/5.40.0/x86_64-linux/perllocal.pod", "ABSENT");
  }

  @Test
  void aFloxWrittenLock_getsAShellCoreutilsCaBundleAndLocales_fromTheCatalog() {
    TestCatalog catalog = TestCatalog.get();
    Path environment =
        FloxEnvFixture.named(TestRun.unique("floxj-join-flox-lock"))
            .schemaVersion("1.14.0")
            .catalog(CatalogPackage.of("hello", packages.hello()))
            .writeTo(temp.resolve("flox-lock"));
    // No FLOXJ_IMAGE_TOOLS: the lock has none, Nix is there, so the catalog gives them.
    String image =
        containerize(environment, catalog.floxj(temp).env("FLOXJ_IMAGE_TOOLS", null));

    Subprocess.Result hello = docker.run(image, "hello");
    assertThat(hello.stdout()).as(hello.describe()).isEqualTo("Hello, world!\n");
    Map<String, String> seen = look(image);
    assertThat(seen)
        .containsEntry("/bin/sh", out("image-bash", "bin/sh"))
        .containsEntry("SSL_CERT_FILE", out("cacert", "etc/ssl/certs/ca-bundle.crt"))
        .containsEntry("LOCALE_ARCHIVE", out("locales", "lib/locale/locale-archive"));
    // The test catalog's coreutils, not the package set's stand-in used above.
    assertThat(seen.get("/bin/ls")).endsWith("-coreutils-9.5/bin/ls");
    Subprocess.Result certificates =
        docker.runWithEntrypoint(image, "/bin/cat", out("cacert", "etc/ssl/certs/ca-bundle.crt"));
    assertThat(certificates.stdout()).isEqualTo("not a real certificate\n");
  }

  @Test
  void aFloxWrittenLock_getsLocaleArchiveNamingARealArchive_setOnlyWhenUnset() throws Exception {
    TestCatalog catalog = TestCatalog.get();
    Path environment =
        FloxEnvFixture.named(TestRun.unique("floxj-join-flox-lock-locales"))
            .schemaVersion("1.14.0")
            .catalog(CatalogPackage.of("hello", packages.hello()))
            .writeTo(temp.resolve("flox-lock-locales"));
    String image =
        containerize(environment, catalog.floxj(temp).env("FLOXJ_IMAGE_TOOLS", null));
    String archive = out("locales", "lib/locale/locale-archive");
    long size =
        Files.size(packages.fileOf(packages.locales()).resolve("lib/locale/locale-archive"));
    String show = "echo \"$LOCALE_ARCHIVE\"; wc -c < \"$LOCALE_ARCHIVE\"";

    // Through the activation (flox's entrypoint), with the variable unset and with it set.
    Subprocess.Result unset = docker.run(image, "sh", "-c", show);
    assertThat(unset.stdout()).as(unset.describe()).isEqualTo(archive + "\n" + size + "\n");
    Subprocess.Result set =
        docker.run(
            List.of("-e", "LOCALE_ARCHIVE=/x"), image, "sh", "-c", "echo \"$LOCALE_ARCHIVE\"");
    assertThat(set.stdout()).as(set.describe()).isEqualTo("/x\n");
  }

  @Test
  void equalPriorities_failWithFloxsCollisionMessage() {
    Path environment =
        FloxEnvFixture.named("floxj-join-collision")
            .catalog(CatalogPackage.of("tool-a", packages.toolA()))
            .catalog(CatalogPackage.of("tool-b", packages.toolB()))
            .writeTo(temp.resolve("collision"));
    Outcome outcome =
        floxj()
            .run(
                "containerize",
                "-d",
                environment.toString(),
                "--store",
                packages.storeRoot().toString(),
                "-f",
                temp.resolve("collision.tar").toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains(
            "Packages 'tool-a' and 'tool-b' both provide the file 'bin/tool' at the same priority;"
                + " uninstall one of them, or set the priority of the one you prefer to a value"
                + " lower than 5 in manifest.toml.");
    assertThat(temp.resolve("collision.tar")).doesNotExist();
  }
}
