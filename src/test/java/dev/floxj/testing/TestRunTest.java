package dev.floxj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which image references a run's clean-up takes for its own, and which it leaves alone. */
class TestRunTest {
  @Test
  void uniqueNames_areOurs_withAnyTag_evenBehindARegistryWithAPort() {
    assertThat(TestRun.isOurs(TestRun.unique("activation-demo") + ":latest")).isTrue();
    assertThat(TestRun.isOurs(TestRun.unique("floxj-test/busybox") + ":latest")).isTrue();
    assertThat(TestRun.isOurs("127.0.0.1:5000/" + TestRun.unique("floxj-it/hello") + ":v1")).isTrue();
  }

  @Test
  void otherRunsAndFixedNames_areNotOurs() {
    assertThat(TestRun.isOurs("activation-demo:latest")).isFalse();
    assertThat(TestRun.isOurs("activation-demo-" + TestRun.ID + "x:latest")).isFalse();
    assertThat(TestRun.isOurs("activation-demo:" + TestRun.ID)).isFalse();
    assertThat(TestRun.isOurs("<none>:<none>")).isFalse();
    assertThat(TestRun.isOurs("127.0.0.1:5000/hello:v1")).isFalse();
  }

  @Test
  void theIdIsLowerCaseLettersAndDigits_soNamesStayValidDockerReferences() {
    assertThat(TestRun.ID).matches("[a-z0-9]{1,32}");
    assertThat(TestRun.label()).isEqualTo("dev.floxj.test=" + TestRun.ID);
  }
}
