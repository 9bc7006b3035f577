package dev.floxj.containerize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BuildTimeTest {
  @Test
  void parse_defaultsToOneSecondAfterTheEpoch() {
    assertThat(BuildTime.parse(null, null)).isEqualTo(Instant.parse("1970-01-01T00:00:01Z"));
  }

  @Test
  void parse_takesSourceDateEpoch() {
    assertThat(BuildTime.parse(null, "1700000000")).isEqualTo(Instant.ofEpochSecond(1700000000));
  }

  @Test
  void parse_flagWinsOverSourceDateEpoch() {
    assertThat(BuildTime.parse("2024-05-01T12:00:00+02:00", "1700000000"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
  }

  @Test
  void parse_nowIsTheCurrentSecond() {
    Instant before = Instant.now().minusSeconds(1);
    assertThat(BuildTime.parse("now", null)).isAfter(before);
    assertThat(BuildTime.parse("now", null).getNano()).isZero();
  }

  @Test
  void parse_rejectsGarbageWithTheValue() {
    assertThatThrownBy(() -> BuildTime.parse("soon", null)).isInstanceOf(FloxjException.class).hasMessageContaining("'soon'");
    assertThatThrownBy(() -> BuildTime.parse(null, "x")).isInstanceOf(FloxjException.class).hasMessageContaining("SOURCE_DATE_EPOCH 'x'");
  }

  @Test
  void parseIfGiven_isNullWhenNeitherIsGiven_soThatTheManifestsTimeCanApply() {
    assertThat(BuildTime.parseIfGiven(null, null)).isNull();
    assertThat(BuildTime.parseIfGiven(null, " ")).isNull();
    assertThat(BuildTime.parseIfGiven(null, "5")).isEqualTo(Instant.ofEpochSecond(5));
  }

  @Test
  void choose_prefersTheCommandLineThenTheManifestThenTheDefault() {
    Instant flag = Instant.parse("2024-05-01T12:00:00Z");

    assertThat(BuildTime.choose(flag, "1970-01-01T00:00:02Z")).isEqualTo(flag);
    assertThat(BuildTime.choose(null, "1970-01-01T00:00:02Z")).isEqualTo(Instant.ofEpochSecond(2));
    assertThat(BuildTime.choose(null, null)).isEqualTo(BuildTime.DEFAULT);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"-62167219201", "253402300800", "99999999999999999"})
  void sourceDateEpochOutsideYears0000To9999_isOneSentence(String epoch) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildTime.parse(null, epoch))
        .isInstanceOf(dev.floxj.FloxjException.class)
        .hasMessage("SOURCE_DATE_EPOCH '" + epoch + "' is outside the years 0000 to 9999, where an image's created"
            + " time must be (Docker cannot load the image otherwise); choose a time in that range.");
  }

  @org.junit.jupiter.api.Test
  void createdOutsideYears0000To9999_isOneSentence_theLimitsThemselvesAreFine() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildTime.parse("+10000-01-01T00:00:00Z", null))
        .isInstanceOf(dev.floxj.FloxjException.class)
        .hasMessageContaining("--created '+10000-01-01T00:00:00Z' is outside the years 0000 to 9999");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildTime.parse("-0001-12-31T00:00:00Z", null))
        .hasMessageContaining("outside the years 0000 to 9999");
    org.assertj.core.api.Assertions.assertThat(BuildTime.parse("9999-12-31T23:59:59Z", null))
        .isEqualTo(java.time.Instant.parse("9999-12-31T23:59:59Z"));
    org.assertj.core.api.Assertions.assertThat(BuildTime.parse(null, "-62167219200"))
        .isEqualTo(java.time.Instant.parse("0000-01-01T00:00:00Z"));
  }
}
