package dev.floxj.locking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionConstraintTest {
  @ParameterizedTest(name = "''{0}'' matches {1}: {2}")
  @CsvSource({
    "2.12.1, 2.12.1, true",
    "2.12.1, 2.12.2, false",
    "=2.12.1, 2.12.1, true",
    "2.12, 2.12.9, true",
    "2.12, 2.12, true",
    "2.12, 2.13.0, false",
    "2, 2.99.1, true",
    "2, 3.0.0, false",
    "*, 0.0.1, true",
    "'', 7.1, true",
    "2.x, 2.4.0, true",
    "2.12.x, 2.13.0, false",
    "^1.2, 1.9.9, true",
    "^1.2, 2.0.0, false",
    "^1.2, 1.1.9, false",
    "^0.2.3, 0.2.9, true",
    "^0.2.3, 0.3.0, false",
    "^0.0.3, 0.0.4, false",
    "~1.2, 1.2.7, true",
    "~1.2, 1.3.0, false",
    "~1.2.3, 1.2.2, false",
    "~1, 1.9.0, true",
    ">=1.0 <2, 1.5.0, true",
    ">=1.0 <2, 2.0.0, false",
    ">= 1.0 < 2, 0.9.0, false",
    ">1.2, 1.2.9, false",
    ">1.2, 1.3.0, true",
    ">1.2.3, 1.2.4, true",
    "<=1.2, 1.2.99, true",
    "<=1.2, 1.3.0, false",
    "<1.2, 1.1.99, true",
    "1.0 - 1.4, 1.4.9, true",
    "1.0 - 1.4, 1.5.0, false",
    "1.2.3 - 2.3.4, 2.3.4, true",
    "1.2.3 - 2.3.4, 2.3.5, false",
    "^1 || ^3, 3.1.0, true",
    "^1 || ^3, 2.1.0, false",
    "v1.2.3, 1.2.3, true",
    "^2, 2.0.0-rc1, false",
    "^2.0.0-rc1, 2.0.0-rc2, true",
    "^2.0.0-rc1, 2.0.1-rc1, false",
    "5.2p37, 5.2p37, true",
    "=5.2p37, 5.2p37, true",
    "5.2p37, 5.2p38, false",
    "^5, 5.2p37, false",
    "^1, unstable-2023-01-01, false",
    "1.0, 1.0, true",
  })
  void matches_followsFloxsSemverRanges(String constraint, String version, boolean expected) {
    assertThat(VersionConstraint.parse(constraint).matches(version, false)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' matches {1} with pre-releases allowed: {2}")
  @CsvSource({
    "^2, 2.1.0-beta.1, true",
    "^2, 3.0.0-alpha, false",
    "<2, 2.0.0-alpha, false",
    "2.1.0-alpha.2, 2.1.0-alpha.2, true",
  })
  void matches_takesPreReleasesWhenAllowed(String constraint, String version, boolean expected) {
    assertThat(VersionConstraint.parse(constraint).matches(version, true)).isEqualTo(expected);
  }
}
