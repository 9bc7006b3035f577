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
}
