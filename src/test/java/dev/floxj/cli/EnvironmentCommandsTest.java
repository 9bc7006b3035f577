package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.manifest.LockedStorePathPackage;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.LockfileParser;
import dev.floxj.manifest.ManifestParser;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * init, install, uninstall, edit, list and lock where no Nix is needed: store-path packages, and
 * the errors for everything that needs it. (With Nix and a catalog: EnvironmentWalkthroughIT.)
 */
class EnvironmentCommandsTest {
  private static final String TOOL = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-tool-1.2";

  @TempDir Path temp;
  private Path env;

  /** floxj with no nix on PATH, and the editor's copies in this test's directory. */
  private FloxjRun withoutNix() {
    return floxj()
        .env("PATH", "/nonexistent")
        .env("EDITOR", null)
        .env("VISUAL", null)
        .env("TMPDIR", temp.toString());
  }

  private String manifest() throws IOException {
    return Files.readString(env.resolve(".flox/env/manifest.toml"));
  }

  private Lockfile lock() {
    return LockfileParser.parse(env.resolve(".flox/env/manifest.lock"));
  }

  @BeforeEach
  void initialise() throws IOException {
    env = Files.createDirectories(temp.resolve("demo"));
    Outcome init = withoutNix().run("init", "-d", env.toString());
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    assertThat(init.stderr()).startsWith("⚡︎ Created environment 'demo' (").contains("Next:\n  $ floxj install <package>");
  }

  @Test
  void init_writesAnEnvironmentWithAnEmptyLockAndRefusesASecondTime() {
    assertThat(lock().packages()).isEmpty();
    assertThat(lock().manifest())
        .isEqualTo(ManifestParser.parse(env.resolve(".flox/env/manifest.toml")));

    Outcome again = withoutNix().run("init", "-d", env.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.stderr()).startsWith("✘ ERROR: " + env + " already holds an environment");
  }

  @Test
  void init_takesTheNameFromName() throws IOException {
    Path other = Files.createDirectories(temp.resolve("other"));

    assertThat(withoutNix().run("init", "-d", other.toString(), "--name", "web").exitCode())
        .isZero();
    assertThat(Files.readString(other.resolve(".flox/env.json"))).contains("\"name\": \"web\"");
  }

  @Test
  void installListUninstall_storePathsNeedNoNix() throws IOException {
    String before = manifest();

    Outcome install = withoutNix().run("install", "-d", env.toString(), TOOL);
    assertThat(install.exitCode()).as(install.stderr()).isZero();
    assertThat(install.stderr())
        .isEqualTo("✔ 'tool' installed to environment 'demo'\n");
    assertThat(manifest())
        .isEqualTo(
            before.replace("[install]\n", "[install]\ntool.store-path = \"" + TOOL + "\"\n"));
    assertThat(lock().packages())
        .containsExactly(
            new LockedStorePathPackage(
                "tool",
                dev.floxj.resolution.TargetSystem.host().nixSystem(),
                new dev.floxj.store.StorePath(TOOL),
                5));

    Outcome list = withoutNix().run("list", "-d", env.toString());
    assertThat(list.exitCode()).as(list.stderr()).isZero();
    assertThat(new String(list.stdout(), StandardCharsets.UTF_8)).isEqualTo("tool: " + TOOL + "\n");
    assertThat(new String(withoutNix().run("list", "-n", "-d", env.toString()).stdout(), StandardCharsets.UTF_8))
        .isEqualTo("tool\n");
    assertThat(new String(withoutNix().run("list", "-a", "-d", env.toString()).stdout(), StandardCharsets.UTF_8))
        .isEqualTo("tool:\n  Store Path:           " + TOOL + "\n  Priority:             5\n"
            + "  Store Path (out):     " + TOOL + "\n");
    assertThat(new String(withoutNix().run("list", "-c", "-d", env.toString()).stdout(), StandardCharsets.UTF_8))
        .isEqualTo(manifest());
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(withoutNix().run("list", "--json", "-d", env.toString()).stdout());
    assertThat(json.get(0).get("install_id").asText()).isEqualTo("tool");
    assertThat(json.get(0).get("store_paths").get(0).asText()).isEqualTo(TOOL);
    assertThat(withoutNix().run("list", "-n", "-a", "-d", env.toString()).exitCode()).isEqualTo(2);

    Outcome uninstall = withoutNix().run("uninstall", "-d", env.toString(), "tool");
    assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
    assertThat(uninstall.stderr())
        .isEqualTo("━ 'tool' uninstalled from environment 'demo'\n");
    assertThat(manifest()).isEqualTo(before);
    assertThat(lock().packages()).isEmpty();
  }

  @Test
  void install_ofACatalogPackageWithoutNix_explainsAndChangesNothing() throws IOException {
    String before = manifest();

    Outcome install = withoutNix().run("install", "-d", env.toString(), "hello");

    assertThat(install.exitCode()).isEqualTo(1);
    assertThat(install.stderr())
        .isEqualTo(
            "✘ ERROR: Locking install id 'hello' (pkg-path \"hello\") needs the nix command, which"
                + " is not on PATH: install Nix (or put it on PATH), or lock the environment where"
                + " Nix is, with floxj lock or flox (only store-path packages lock without"
                + " Nix).\n");
    assertThat(manifest()).isEqualTo(before);
  }

  @Test
  void install_skipsAnInstallIdThatExists() throws IOException {
    withoutNix().run("install", "-d", env.toString(), TOOL);
    String before = manifest();

    Outcome again = withoutNix().run("install", "-d", env.toString(), TOOL);

    assertThat(again.exitCode()).isZero();
    assertThat(again.stderr()).startsWith("! Package with id 'tool' already installed to environment 'demo'");
    assertThat(manifest()).isEqualTo(before);
  }

  @Test
  void uninstall_namesAnUnknownPackage() {
    Outcome outcome = withoutNix().run("uninstall", "-d", env.toString(), "nope");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .isEqualTo(
            "✘ ERROR: No package with install id 'nope' is installed; `floxj list` shows the"
                + " installed ones.\n");
  }

  @Test
  void edit_fromAFileSavesAValidManifestAndRelocks() throws IOException {
    Path edited = temp.resolve("new.toml");
    Files.writeString(
        edited,
        manifest()
            .replace("[vars]\n", "[vars]\nGREETING = \"hi\"\n")
            .replace("[install]\n", "[install]\ntool.store-path = \"" + TOOL + "\"\n"));

    Outcome outcome = withoutNix().run("edit", "-d", env.toString(), "-f", edited.toString());

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(manifest()).isEqualTo(Files.readString(edited));
    assertThat(lock().manifest().vars()).containsEntry("GREETING", "hi");
    assertThat(lock().packages()).hasSize(1);
  }

  @Test
  void edit_refusesAnInvalidManifestSayingWhyAndKeepsTheEdit() throws IOException {
    String before = manifest();
    Path edited = temp.resolve("bad.toml");
    Files.writeString(edited, before.replace("[vars]\n", "[vars]\nGREETING = 1\n"));

    Outcome outcome = withoutNix().run("edit", "-d", env.toString(), "-f", edited.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .startsWith("✘ ERROR: Not saved: " + edited + ":") // the file the user wrote, with its lines
        .contains("vars.GREETING must be a string, not an integer; fix " + edited);
    assertThat(manifest()).isEqualTo(before);
  }

  @Test
  void edit_fromStdin_savesWhatWasPiped_andNamesStdinInErrors() throws IOException {
    String before = manifest();
    String changed = before.replace("[vars]\n", "[vars]\nPIPED = \"yes\"\n");
    Outcome outcome = withoutNix().stdin(changed).run("edit", "-d", env.toString(), "-f", "-");
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(manifest()).isEqualTo(changed);

    Outcome bad = withoutNix().stdin("[vars\n").run("edit", "-d", env.toString(), "-f", "-");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.stderr()).startsWith("✘ ERROR: Not saved: <stdin>:1:").contains("`floxj edit -f -`");
    assertThat(manifest()).isEqualTo(changed);
  }

  @Test
  void edit_onATerminal_asksToContinueEditing_andReopensTheEditor() throws IOException {
    // An editor that breaks the manifest the first time and repairs it the second.
    Path script = temp.resolve("editor.sh");
    Path once = temp.resolve("opened-once");
    Files.writeString(script,
        "if [ -e '" + once + "' ]; then sed -i 's/^A = \\[$/A = \"fixed\"/' \"$1\";"
            + " else touch '" + once + "'; sed -i 's/^\\[vars\\]/[vars]\\nA = [/' \"$1\"; fi\n");
    Outcome outcome =
        withoutNix()
            .env("PATH", System.getenv("PATH"))
            .env("EDITOR", "sh " + script)
            .interactive(true)
            .stdin("\n") // Enter: yes
            .run("edit", "-d", env.toString());

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.stderr()).contains("✘ ERROR: ", "invalid TOML", "? Continue editing? [Y/n] ")
        .endsWith("✔ Environment successfully updated.\n");
    assertThat(manifest()).contains("\nA = \"fixed\"\n");
  }

  @Test
  void edit_onATerminal_answeredNo_keepsTheCopy() throws IOException {
    String before = manifest();
    Outcome outcome =
        withoutNix()
            .env("PATH", System.getenv("PATH"))
            .env("EDITOR", "sed -i 's/^\\[vars\\]/[vars]\\nA = [/'")
            .interactive(true)
            .stdin("n\n")
            .run("edit", "-d", env.toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("Continue editing?").contains("your edit is kept at ");
    assertThat(manifest()).isEqualTo(before);
    removeKeptCopy(outcome);
  }

  /** A refused edit's copy is kept in a temporary directory for the user; the test removes it. */
  private static void removeKeptCopy(Outcome outcome) throws IOException {
    Path kept = Path.of(outcome.stderr().replaceAll("(?s).*your edit is kept at (\\S+): .*", "$1"));
    Files.deleteIfExists(kept);
    Files.deleteIfExists(kept.getParent());
  }

  @Test
  void edit_opensTheEditorOnACopyAndSavesWhatItWrote() throws IOException {
    Outcome outcome =
        withoutNix()
            .env("PATH", System.getenv("PATH"))
            .env("EDITOR", "sed -i 's/^# GREETING = /GREETING = /'")
            .run("edit", "-d", env.toString());

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(manifest()).contains("\nGREETING = \"Hello\"\n");
    assertThat(lock().manifest().vars()).containsEntry("GREETING", "Hello");
  }

  @Test
  void edit_keepsARefusedEditorCopyForAnotherTry() throws IOException {
    String before = manifest();
    Outcome outcome =
        withoutNix()
            .env("PATH", System.getenv("PATH"))
            .env("EDITOR", "sed -i 's/^\\[vars\\]/[vars]\\nA = [/'")
            .run("edit", "-d", env.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains("Not saved: ")
        .contains("invalid TOML")
        .contains("your edit is kept at ");
    String kept = outcome.stderr().replaceAll("(?s).*your edit is kept at (\\S+): .*", "$1");
    assertThat(Files.readString(Path.of(kept))).contains("A = [");
    assertThat(manifest()).isEqualTo(before);
    removeKeptCopy(outcome);
  }

  @Test
  void containerize_explainsAStaleLockThatNeedsNix() throws IOException {
    Path stale =
        FloxEnvFixture.named("stale")
            .storePath("tool", new dev.floxj.store.StorePath(TOOL))
            .writeTo(temp.resolve("stale"));
    Path manifest = stale.resolve(".flox/env/manifest.toml");
    Files.writeString(manifest, Files.readString(manifest) + "hello.pkg-path = \"hello\"\n");

    Outcome outcome =
        withoutNix()
            .run("containerize", "-d", stale.toString(), "-f", temp.resolve("x.tar").toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains(
            "✘ ERROR: manifest.lock is out of date: install id 'hello' is in manifest.toml but not"
                + " in manifest.lock, and locking install id 'hello' (pkg-path \"hello\") needs the"
                + " nix command, which is not on PATH");
    assertThat(temp.resolve("x.tar")).doesNotExist();
  }

  @Test
  void lock_ofAFloxNixEnvironmentWithoutNix_namesThePackage() throws IOException {
    Path seed = Files.createDirectories(temp.resolve("seed"));
    Files.writeString(seed.resolve("flox.nix"), "{ packages.nixpkgs-flox.hello = {}; }\n");

    Outcome outcome = withoutNix().run("lock", "-d", seed.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .startsWith(
            "✘ ERROR: Locking install id 'hello' (pkg-path \"hello\") needs the nix command");
  }

  @Test
  void lock_ofAMalformedFloxNix_namesLineAndColumn() throws IOException {
    Path seed = Files.createDirectories(temp.resolve("seed"));
    Files.writeString(
        seed.resolve("flox.nix"), "{\n  packages.nixpkgs-flox.hello = import ./x.nix;\n}\n");

    Outcome outcome = withoutNix().run("lock", "-d", seed.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .startsWith("✘ ERROR: " + seed.resolve("flox.nix") + ":2:33: 'import' is not supported");
  }

  @Test
  void edit_worksOnFloxNixTooAndValidatesIt() throws IOException {
    Path seed = Files.createDirectories(temp.resolve("seed"));
    Files.writeString(seed.resolve("flox.nix"), "{\n  container.name = \"seed\";\n}\n");
    Path good = temp.resolve("good.nix");
    Files.writeString(
        good, "{\n  container.name = \"seed\";\n  environmentVariables.A = \"1\";\n}\n");
    Path bad = temp.resolve("bad.nix");
    Files.writeString(bad, "{\n  container.name = seed;\n}\n");

    Outcome saved = withoutNix().run("edit", "-d", seed.toString(), "-f", good.toString());
    Outcome refused = withoutNix().run("edit", "-d", seed.toString(), "-f", bad.toString());

    assertThat(saved.exitCode()).as(saved.stderr()).isZero();
    assertThat(Files.readString(seed.resolve("flox.nix"))).isEqualTo(Files.readString(good));
    assertThat(LockfileParser.parse(seed.resolve("manifest.lock")).manifest().vars())
        .containsEntry("A", "1");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr())
        .startsWith(
            "✘ ERROR: Not saved: "
                + bad
                + ":2:20: the variable 'seed' cannot"
                + " be used");
    assertThat(Files.readString(seed.resolve("flox.nix"))).isEqualTo(Files.readString(good));
  }
}
