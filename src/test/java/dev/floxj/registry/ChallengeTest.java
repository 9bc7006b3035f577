package dev.floxj.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void parseAll_readsABearerChallengeWithQuotedCommas() {
    List<Challenge> challenges =
        Challenge.parseAll(List.of("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull,push\""));
    assertThat(challenges)
        .containsExactly(
            new Challenge(
                "bearer",
                Map.of("realm", "https://auth.docker.io/token", "service", "registry.docker.io", "scope", "repository:library/alpine:pull,push")));
  }

  @Test
  void parseAll_readsBasic_andSeveralChallengesInOneHeader() {
    assertThat(Challenge.parseAll(List.of("Basic realm=\"floxj-test\"")))
        .containsExactly(new Challenge("basic", Map.of("realm", "floxj-test")));
    List<Challenge> two = Challenge.parseAll(List.of("Basic realm=\"r\", Bearer realm=\"https://t/token\",error=\"invalid_token\""));
    assertThat(two).extracting(Challenge::scheme).containsExactly("basic", "bearer");
    assertThat(two.get(1).parameter("error")).contains("invalid_token");
  }

  @Test
  void parseAll_acceptsUnquotedValuesAndEscapes() {
    Challenge c = Challenge.parseAll(List.of("bearer realm=https://t/token, service=svc, scope=\"a\\\"b\"")).get(0);
    assertThat(c.isBearer()).isTrue();
    assertThat(c.parameters()).isEqualTo(Map.of("realm", "https://t/token", "service", "svc", "scope", "a\"b"));
  }
}
