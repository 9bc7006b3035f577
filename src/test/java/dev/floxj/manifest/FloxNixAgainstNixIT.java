package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.testing.Prerequisites;
import dev.floxj.testing.Subprocess;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Nix as the oracle of floxj's reader for the declarative part of Nix: each file under
 * src/test/resources/flox-nix reads to the same value as {@code nix-instantiate --eval --strict
 * --json} gives (strings with escapes, indented strings and their indentation stripping, merged
 * attribute paths, numbers, booleans, null).
 */
class FloxNixAgainstNixIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"template.nix", "strings.nix", "structure.nix", "values.nix"})
  void read_givesTheValueNixGives(String name) throws IOException, URISyntaxException {
    Prerequisites.requireOnPath("nix-instantiate", "install Debian's nix-bin");
    Path file = Path.of(FloxNixAgainstNixIT.class.getResource("/flox-nix/" + name).toURI());

    Subprocess.Result nix =
        Subprocess.of(
                "nix-instantiate",
                "--eval",
                "--strict",
                "--json",
                "--expr",
                "let v = import " + file + "; in if builtins.isFunction v then v { } else v")
            .run()
            .assertSuccess();
    // Through text, so that numbers compare by value whatever node type holds them.
    JsonNode floxj =
        JSON.readTree(
            ManifestJson.json(NixTreeReader.read(Files.readString(file), name)).toString());

    assertThat(floxj).isEqualTo(JSON.readTree(nix.stdout()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"template.nix", "structure.nix"})
  void parse_mapsTheFloxNixExamples(String name) throws URISyntaxException {
    Path file = Path.of(FloxNixAgainstNixIT.class.getResource("/flox-nix/" + name).toURI());

    assertThat(FloxNixParser.parse(file).install()).isNotEmpty();
  }
}
