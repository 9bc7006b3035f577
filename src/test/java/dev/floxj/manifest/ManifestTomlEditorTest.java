package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ManifestTomlEditorTest {
  private static final CatalogDescriptor HELLO =
      new CatalogDescriptor("hello", null, null, null, null, OutputSelection.UNSPECIFIED);

  private static String add(String toml, String id, Descriptor descriptor) {
    return ManifestTomlEditor.addInstall(toml, id, descriptor, "manifest.toml");
  }

  private static String remove(String toml, String id) {
    return ManifestTomlEditor.removeInstall(toml, id, "manifest.toml");
  }

  @Test
  void addInstall_appendsAfterTheLastEntryKeepingEveryCommentOfFloxsTemplate() throws IOException {
    String template = Files.readString(FloxData.path("v1_curl_hello/manifest.toml"));

    String edited =
        add(
            template,
            "gum",
            new CatalogDescriptor("gum", "^0.14.5", null, null, null, OutputSelection.UNSPECIFIED));

    assertThat(edited)
        .isEqualTo(
            template.replace(
                "hello.pkg-path = \"hello\"\n",
                "hello.pkg-path = \"hello\"\ngum.pkg-path = \"gum\"\ngum.version = \"^0.14.5\"\n"));
    assertThat(ManifestParser.parse(edited, "manifest.toml").install().keySet())
        .containsExactly("curl", "hello", "gum");
  }

  @Test
  void addInstall_putsTheFirstEntryRightAfterTheInstallHeader() {
    String toml =
        "schema-version = \"1.10.0\"\n\n[install]\n# hello.pkg-path = \"hello\"\n\n[vars]\n";

    assertThat(add(toml, "hello", HELLO))
        .isEqualTo(
            "schema-version = \"1.10.0\"\n\n[install]\nhello.pkg-path = \"hello\"\n"
                + "# hello.pkg-path = \"hello\"\n\n[vars]\n");
  }

  @Test
  void addAndRemoveInstall_findTheirLinesPastLongRunsOfBlankAndCommentLines() {
    String gap = "\n# comment\n".repeat(4_000);
    String toml = "version = 1\n" + gap + "[install]\n" + gap + "a.pkg-path = \"a\"\n" + gap;

    String added = add(toml, "hello", HELLO);

    assertThat(added).contains("a.pkg-path = \"a\"\nhello.pkg-path = \"hello\"\n");
    assertThat(remove(added, "a")).isEqualTo(toml.replace("a.pkg-path = \"a\"\n", "hello.pkg-path = \"hello\"\n"));
  }

  @Test
  void addInstall_addsAnInstallTableWhenThereIsNone() {
    assertThat(add("version = 1", "hello", HELLO))
        .isEqualTo("version = 1\n\n[install]\nhello.pkg-path = \"hello\"\n");
  }

  @Test
  void addInstall_addsASubTableWhenInstallHasOnlySubTables() {
    String toml = "version = 1\n\n[install.curl]\npkg-path = \"curl\"\n";

    assertThat(
            add(
                toml,
                "tool",
                new StorePathDescriptor(
                    new StorePath("/nix/store/00000000000000000000000000000000-tool"), null, 3)))
        .isEqualTo(
            toml
                + "\n[install.tool]\nstore-path ="
                + " \"/nix/store/00000000000000000000000000000000-tool\"\npriority = 3\n");
  }

  @Test
  void addInstall_quotesKeysThatAreNotBareAndKeepsWindowsLineEnds() {
    String toml = "version = 1\r\n[install]\r\nhello.pkg-path = \"hello\"\r\n[vars]\r\n";

    String edited =
        add(
            toml,
            "python3.12",
            new FlakeDescriptor("github:a/b#python312", null, null, OutputSelection.UNSPECIFIED));

    assertThat(edited)
        .isEqualTo(
            "version = 1\r\n[install]\r\nhello.pkg-path = \"hello\"\r\n"
                + "\"python3.12\".flake = \"github:a/b#python312\"\r\n[vars]\r\n");
  }

  @Test
  void addInstall_refusesAnInstallIdThatExists() {
    assertThatThrownBy(
            () -> add("version = 1\n[install]\nhello.pkg-path = \"x\"\n", "hello", HELLO))
        .isInstanceOf(FloxjException.class)
        .hasMessage("manifest.toml already has an install id 'hello'; choose another with --id.");
  }

  @Test
  void removeInstall_removesEveryLineOfADottedEntryAndNothingElse() {
    String toml =
        """
        version = 1

        [install]
        # the greeting
        hello.pkg-path = "hello"
        curl.pkg-path = "curl"
        hello.version = "2.12"   # pinned
        hello.systems = [
          "x86_64-linux",
        ]

        [vars]
        A = "1"
        """;

    assertThat(remove(toml, "hello"))
        .isEqualTo(
            """
            version = 1

            [install]
            # the greeting
            curl.pkg-path = "curl"

            [vars]
            A = "1"
            """);
  }

  @Test
  void removeInstall_removesAnInlineTable() {
    String toml =
        "version = 1\n"
            + "[install]\n"
            + "hello = { pkg-path = \"hello\" }\n"
            + "empty = {}\n"
            + "curl.pkg-path = \"curl\"\n";

    assertThat(remove(remove(toml, "hello"), "empty"))
        .isEqualTo("version = 1\n[install]\ncurl.pkg-path = \"curl\"\n");
  }

  @Test
  void removeInstall_removesASubTableSectionButKeepsTheCommentsBeforeTheNextOne() {
    String toml =
        """
        version = 1

        [install.hello]
        pkg-path = "hello"
        # inside
        version = "2"

        ## Variables
        [vars]
        """;

    assertThat(remove(toml, "hello"))
        .isEqualTo(
            """
            version = 1


            ## Variables
            [vars]
            """);
  }

  @Test
  void removeInstall_namesAnUnknownInstallId() {
    assertThatThrownBy(() -> remove("version = 1\n[install]\n", "nope"))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "manifest.toml has no install id 'nope'; `floxj list` shows the installed ones.");
  }

  @Test
  void edits_reportInvalidTomlWithItsPosition() {
    assertThatThrownBy(() -> add("version = = 1\n", "hello", HELLO))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("manifest.toml:1:")
        .hasMessageContaining("invalid TOML");
  }
}
