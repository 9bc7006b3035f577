package dev.floxj.activation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.activation.VariableValue.Reference;
import dev.floxj.activation.VariableValue.Text;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VariableValueTest {

  @Test
  void parse_findsBracedAndBareReferences() {
    VariableValue value = VariableValue.parse("${GREETING}, $USER_1!");
    assertThat(value.parts())
        .containsExactly(
            new Reference("GREETING"), new Text(", "), new Reference("USER_1"), new Text("!"));
    assertThat(value.isPlain()).isFalse();
    assertThat(value.references()).containsExactly("GREETING", "USER_1");
  }

  @Test
  void parse_takesADollarWithoutANameAsText() {
    for (String text : new String[] {"$5 each", "costs $", "${}", "${1X}", "${OPEN", "$-x", "100$$"}) {
      VariableValue value = VariableValue.parse(text);
      assertThat(value.isPlain()).as(text).isTrue();
      assertThat(value.expand(Map.of())).as(text).isEqualTo(text);
    }
  }

  @Test
  void parse_endsABareNameAtTheFirstCharacterANameCannotHave() {
    assertThat(VariableValue.parse("$HOME/bin").parts())
        .containsExactly(new Reference("HOME"), new Text("/bin"));
    assertThat(VariableValue.parse("${A}${B}").references()).containsExactly("A", "B");
  }

  @Test
  void shellWord_quotesTextAndLeavesOnlyReferencesToTheShell() {
    assertThat(VariableValue.parse("it's $(rm -rf /) `x` \\ \"q\"").shellWord())
        .isEqualTo("'it'\\''s $(rm -rf /) `x` \\ \"q\"'");
    assertThat(VariableValue.parse("${FLOX_ENV}/include").shellWord())
        .isEqualTo("\"${FLOX_ENV}\"'/include'");
    assertThat(VariableValue.parse("").shellWord()).isEqualTo("''");
  }

  @Test
  void expand_replacesReferencesAndEmptiesUnknownOnes() {
    VariableValue value = VariableValue.parse("${FLOX_ENV}/lib:$OTHER:x");
    assertThat(value.expand(Map.of("FLOX_ENV", "/nix/store/e"))).isEqualTo("/nix/store/e/lib::x");
  }

  @Test
  void toString_writesReferencesBraced() {
    assertThat(VariableValue.parse("$A-${B}").toString()).isEqualTo("${A}-${B}");
  }
}
