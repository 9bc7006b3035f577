package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloxNixParserTest {
  /** The seed walkthrough's flox.nix. */
  static final String SEED =
      """
      {
        packages.nixpkgs-flox.hello = {};
        packages.nixpkgs-flox.cowsay = {};
        container.name = "hello-flox";
        container.config.Cmd = "hello";
        environmentVariables.message = "Supercharged by flox!";
        shell.hook = ''
          echo "$message" | cowsay
        '';
      }
      """;

  private static Manifest parse(String nix) {
    return FloxNixParser.parse(nix, "flox.nix");
  }

  private static String errorOf(String nix) {
    return assertThatThrownBy(() -> parse(nix))
        .isInstanceOf(FloxjException.class)
        .actual()
        .getMessage();
  }

  @Test
  void parse_seedMapsOntoTheManifestModel() {
    Manifest manifest = parse(SEED);

    assertThat(manifest.install())
        .containsExactly(
            Map.entry(
                "hello",
                new CatalogDescriptor(
                    "hello", null, null, null, null, OutputSelection.UNSPECIFIED)),
            Map.entry(
                "cowsay",
                new CatalogDescriptor(
                    "cowsay", null, null, null, null, OutputSelection.UNSPECIFIED)));
    assertThat(manifest.vars()).containsExactly(Map.entry("message", "Supercharged by flox!"));
    assertThat(manifest.onActivate()).isEqualTo("echo \"$message\" | cowsay\n");
    assertThat(manifest.containerize().name()).isEqualTo("hello-flox");
    assertThat(manifest.containerize().config().cmd()).containsExactly("hello");
    assertThat(manifest.schema().allowsOutputs()).isTrue();
  }

  @Test
  void parse_acceptsTheTemplatesArgumentIgnoringHeaderNestedSetsAndComments() {
    Manifest manifest =
        parse(
            """
            {...}: {
              packages = {
                nixpkgs-flox = {
                  # hello = {version = "2.12.1";};
                  hello = { version = "^1.0"; meta.priority = 3; stability = "stable"; };
                };
              };
              packages.nixpkgs-flox.python3Packages.requests = {};
              shell = {
                aliases = {
                  gg = "git grep";
                  q = "echo 'quoted'";
                };
                /* POSIX shell hook */
                hook = ''
                  # echo "Supercharged by flox!" 1>&2
                '';
              };
              environmentVariables = {
                LANG = "en_US.UTF-8";
                EXTRA_PATH = [ "/a" "/b" ];
              };
            }
            """);

    assertThat(manifest.install())
        .containsExactly(
            Map.entry(
                "hello",
                new CatalogDescriptor("hello", "^1.0", null, null, 3, OutputSelection.UNSPECIFIED)),
            Map.entry(
                "requests",
                new CatalogDescriptor(
                    "python3Packages.requests",
                    null,
                    null,
                    null,
                    null,
                    OutputSelection.UNSPECIFIED)));
    assertThat(manifest.vars())
        .containsExactly(Map.entry("LANG", "en_US.UTF-8"), Map.entry("EXTRA_PATH", "/a:/b"));
    assertThat(manifest.onActivate()).isEqualTo("# echo \"Supercharged by flox!\" 1>&2\n");
    String aliases = "alias gg='git grep'\nalias q='echo '\\''quoted'\\'''\n";
    assertThat(manifest.profile()).isEqualTo(new Profile(null, aliases, aliases, null, null));
  }

  @Test
  void parse_mapsTheContainerSettings() {
    Manifest manifest =
        parse(
            """
            {
              container = {
                name = "web";
                tag = "v1";
                created = "1970-01-01T00:00:02Z";
                maxLayers = 42;
                config = {
                  Cmd = [ "serve" "--port" "8080" ];
                  WorkingDir = "/srv";
                  User = "nobody";
                  ExposedPorts = { "8080/tcp" = {}; };
                  Volumes = [ "/data" ];
                  Labels.owner = "me";
                  StopSignal = "SIGINT";
                };
              };
            }
            """);

    assertThat(manifest.containerize())
        .isEqualTo(
            new ContainerizeSettings(
                "web",
                "v1",
                42,
                "1970-01-01T00:00:02Z",
                new ContainerConfig(
                    "nobody",
                    List.of("8080/tcp"),
                    List.of("serve", "--port", "8080"),
                    List.of("/data"),
                    "/srv",
                    Map.of("owner", "me"),
                    "SIGINT")));
  }

  @Test
  void parse_flakeChannelsBecomeFlakeDescriptors() {
    Manifest manifest = parse("{ packages.\"github:flox/floxpkgs\".flox = {}; }");

    assertThat(manifest.install())
        .containsExactly(
            Map.entry(
                "flox",
                new FlakeDescriptor(
                    "github:flox/floxpkgs#flox", null, null, OutputSelection.UNSPECIFIED)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`\"a\\\"b\\\\c\\nd\\${x}\"` | `a\"b\\c\nd${x}`",
        "`\"$$x $y\"` | `$$x $y`",
        "`''\n  one\n    two\n  ''` | `one\n  two\n`",
        "`''one\n  two''` | `one\n  two`",
        "`''   \n\n    a\n\n  b\n''` | `\n  a\n\nb\n`",
        "`''\n  ''$ ''' ''\\n ''\\x $$ ''` | `$ '' \nx $$ `",
        "`''\n\ttab\n  ''` | `\ttab\n`",
        "`''\n  a''\\n b\n''` | `a\nb\n`",
        "`''\n ''\\ x\n  y\n''` | ` x\n y\n`",
        "`''\n  a\n ''$b\n''` | ` a\n$b\n`",
      })
  void parse_decodesStringsAsNixDoes(String literal, String expected) {
    Manifest manifest = parse("{ environmentVariables.v = " + literal + "; }");

    assertThat(manifest.vars().get("v")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`let x = 1; in { }` | `flox.nix:1:1: 'let ... in' is not supported`",
        "`{ pkgs, ... }: { }` | `flox.nix:1:1: functions are not supported`",
        "`pkgs: { }` | `flox.nix:1:1: functions are not supported`",
        "`{ }: { }` | `flox.nix:1:1: functions are not supported`",
        "`{\n  a = with x; { };\n}` | `flox.nix:2:7: 'with' is not supported`",
        "`rec { a = 1; }` | `flox.nix:1:1: recursive attribute sets ('rec') are not supported`",
        "`{ a = import ./x.nix; }` | `flox.nix:1:7: 'import' is not supported`",
        "`{ a = \"x${y}\"; }` | `flox.nix:1:9: string interpolation (${...}) is not supported`",
        "`{ a = ''\n ${y}''; }` | `flox.nix:2:2: string interpolation (${...}) is not supported`",
        "`{ ${x} = 1; }` | `flox.nix:1:3: computed attribute names (${...}) are not supported`",
        "`{ a = ./file; }` | `flox.nix:1:7: paths such as ./file are not supported`",
        "`{ a = 1.5; }` | `flox.nix:1:7: floating-point numbers are not supported`",
        "`{ a = { } // { }; }` | `flox.nix:1:11: operators such as '//' are not supported`",
        "`{ a = [ -1 ]; }` | `flox.nix:1:9: operators such as '-' are not supported`",
        "`{ a = pkgs.hello; }` | `flox.nix:1:7: the variable 'pkgs' cannot be used`",
        "`{ inherit a; }` | `flox.nix:1:3: 'inherit' is not supported`",
        "`{ a = \"open; }` | `flox.nix:1:7: this string is never closed`",
        "`{ a = 1 }` | `flox.nix:1:9: expected ';' after the value of 'a' but found '}'`",
        "`{ a = 1; a = 2; }` | `flox.nix:1:10: the attribute 'a' is already defined at line 1,"
            + " column 3`",
        "`{ a.b = 1; a = 2; }` | `flox.nix:1:12: the attribute 'a' is already defined at line 1,"
            + " column 3`",
        "`[ ]` | `flox.nix:1:1: flox.nix must be one attribute set`",
        "`{ } { }` | `flox.nix:1:5: unexpected '{' after the closing '}'`",
        "`{ /* open` | `flox.nix:1:3: this comment is never closed`",
        "`{ a = 1;` | `flox.nix:1:1: this attribute set is never closed`",
      })
  void parse_rejectsWhatIsOutsideTheSubsetWithLineAndColumn(String nix, String expected) {
    assertThat(errorOf(nix)).startsWith(expected).endsWith(".");
  }

  @Test
  void parse_mergesAttributeSetsDefinedInPieces() {
    Manifest manifest =
        parse("{ container = { name = \"a\"; }; container.tag = \"b\"; container.config = { }; }");

    assertThat(manifest.containerize().name()).isEqualTo("a");
    assertThat(manifest.containerize().tag()).isEqualTo("b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "`{ pacakges = { }; }` | `flox.nix:1:3: unknown key 'pacakges' in the top level; expected"
            + " one of packages, environmentVariables, shell, container.`",
        "`{ packages.myorg.tool = { }; }` | `flox.nix:1:12: the channel 'myorg' is unknown to"
            + " floxj; use nixpkgs-flox (floxj's catalog) or a flake reference such as"
            + " \"github:owner/repo\".`",
        "`{ container.config.Entrypoint = [ \"x\" ]; }` | `flox.nix:1:20:"
            + " container.config.Entrypoint is not supported: a floxj image's entrypoint activates"
            + " the environment; put the command in container.config.Cmd.`",
        "`{ container.config.Cmd = 1; }` | `flox.nix:1:20: container.config.Cmd must be a list of"
            + " strings, not an integer.`",
        "`{ container.maxLayers = 200; }` | `flox.nix:1:13: container.maxLayers must be between 2"
            + " and 125, not 200.`",
        "`{ container.created = \"yesterday\"; }` | `flox.nix:1:13: container.created must be"
            + " \"now\" or a time such as \"1970-01-01T00:00:02Z\", not \"yesterday\".`",
        "`{ container.extraCommands = \"\"; }` | `flox.nix:1:13: container.extraCommands is not"
            + " supported: floxj runs no commands while it builds an image; remove it.`",
        "`{ packages.nixpkgs-flox.hello.version = 2; }` | `flox.nix:1:31:"
            + " packages.nixpkgs-flox.hello.version must be a string, not an integer.`",
        "`{ packages.nixpkgs.hello = {}; packages.nixpkgs-flox.hello = {}; }` | `flox.nix:1:54:"
            + " packages.nixpkgs-flox.hello and packages.nixpkgs.hello would both be installed as"
            + " 'hello'; keep only one.`",
      })
  void parse_rejectsUnknownOrUnsupportedSettingsWithLineAndColumn(String nix, String expected) {
    assertThat(errorOf(nix)).isEqualTo(expected);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"{ a = ", "[ ", "{ a = [ "})
  void parse_deeplyNestedValues_areOneSentenceAtTheirPlace_notAStackOverflow(String opening) {
    String nix = "{ x = " + opening.repeat(100_000) + "1";

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FloxNixParser.parse(nix, "flox.nix"))
        .isInstanceOf(dev.floxj.FloxjException.class)
        .hasMessageContaining("flox.nix:1:")
        .hasMessageContaining("values nest more than 64 deep here");
  }

  @org.junit.jupiter.api.Test
  void parse_aLongDottedPath_isRefusedInLinearTime() {
    String nix = "{ x" + ".a1".repeat(400_000) + " = 1; }";

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        java.time.Duration.ofSeconds(20),
        () ->
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> FloxNixParser.parse(nix, "flox.nix"))
                .isInstanceOf(dev.floxj.FloxjException.class)
                .hasMessageContaining("values nest more than 64 deep here"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"-1", "1", "126", "99999999999"})
  void parse_maxLayersOutOfRange_namesTheRangeImagesCanHave(String value) {
    String nix = "{ packages.nixpkgs-flox.hello = {}; container.maxLayers = " + value + "; }";

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FloxNixParser.parse(nix, "flox.nix"))
        .isInstanceOf(dev.floxj.FloxjException.class)
        .hasMessageContaining("must be between 2 and 125, not " + value);
  }
}
