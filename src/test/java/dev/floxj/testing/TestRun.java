package dev.floxj.testing;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What sets this test run's Docker objects apart from everyone else's on the same engine. Two
 * suites (two clones, two CI jobs, a developer and a benchmark) often share one engine; with fixed
 * names ({@code activation-demo:latest}) one suite's load replaced or its clean-up removed the
 * other's image. So every image a test makes is named {@link #unique(String) NAME-RUNID}, and every
 * container it runs carries the label {@link #LABEL}{@code =RUNID}: {@link DockerEngine} removes
 * exactly those when the JVM ends, whatever the tests did, and {@code .ci/leftovers} checks after a
 * build that none is left. Since the environment's name is in the image (its {@code
 * FLOX_ENV_DESCRIPTION}), a run's images also differ in ID from any other run's.
 *
 * <p>The run ID is {@code FLOXJ_TEST_RUN} when set (so that {@code .ci/run} knows what to look
 * for, and the unit and integration test JVMs of one build agree), else random.
 */
public final class TestRun {
  /** The label every container a test runs carries, valued {@link #ID}. */
  public static final String LABEL = "dev.floxj.test";

  /** Lower-case letters and digits (a Docker repository name allows nothing else to start). */
  private static final Pattern VALID_ID = Pattern.compile("[a-z0-9]{1,32}");

  /** This run's ID: {@code FLOXJ_TEST_RUN}, or 8 random hex digits. */
  public static final String ID = id();

  private TestRun() {}

  /** {@code name-ID}: an environment (and so image) name no other run uses. */
  public static String unique(String name) {
    return name + "-" + ID;
  }

  /**
   * Whether {@code reference} ({@code REPOSITORY:TAG}, as {@code docker images} lists it) names an
   * image of this run: its repository is a {@link #unique} name.
   */
  public static boolean isOurs(String reference) {
    int colon = reference.lastIndexOf(':');
    String repository = colon > reference.lastIndexOf('/') ? reference.substring(0, colon) : reference;
    return repository.endsWith("-" + ID);
  }

  /** {@code LABEL=ID}, for {@code docker run --label} and {@code docker ps --filter label=}. */
  public static String label() {
    return LABEL + "=" + ID;
  }

  private static String id() {
    Optional<String> given = Optional.ofNullable(System.getenv("FLOXJ_TEST_RUN")).map(String::strip);
    if (given.isPresent() && !given.get().isEmpty()) {
      if (!VALID_ID.matcher(given.get()).matches()) {
        throw new IllegalStateException(
            "FLOXJ_TEST_RUN='" + given.get() + "': use 1 to 32 lower-case letters and digits");
      }
      return given.get();
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
