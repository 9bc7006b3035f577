package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.StorePath;
import dev.floxj.testing.CacheServer;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestCaches;
import dev.floxj.testing.TestPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow and a stalled binary cache, end to end through {@code bin/floxj}: a real Nix-written
 * cache served twice on loopback, the first copy sending one NAR a few bytes at a time or not at
 * all after its first bytes. floxj says it is still waiting, gives up on that cache within the
 * limits (set shorter than the defaults with the documented {@code floxj.http.*} properties in
 * {@code FLOXJ_JAVA_OPTS}), takes the NAR from the second copy and writes the very image a
 * healthy cache gives.
 */
class SlowCacheIT {
  /** The limits of these runs: a notice after 1 s of silence, a 3 s stall, 1 KiB/s over 4 s. */
  private static final String LIMITS =
      "-Dfloxj.http.waitingNotice=PT1S -Dfloxj.http.stallTimeout=PT3S"
          + " -Dfloxj.http.window=PT4S -Dfloxj.http.minimumBytesPerSecond=1024";

  /** Far less than the defaults would take (a 60 s stall; minutes for a drip), far more than needed. */
  private static final Duration BOUND = Duration.ofSeconds(40);

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestPackages packages;
  private static TestCaches caches;
  private static Path cache;
  private static Path environment;
  private static byte[] healthyImage;
  private static StorePath slowPath;

  @BeforeAll
  static void cacheEnvironmentAndTheHealthyImage() throws IOException {
    packages = TestPackages.get();
    caches = TestCaches.create(packages, shared.resolve("caches"), "floxj-slow-1");
    cache = caches.cache("cache", "zstd", packages.hello(), packages.greet());
    environment =
        FloxEnvFixture.named("slow-cache")
            .catalog(CatalogPackage.of("hello", packages.hello()))
            .catalog(CatalogPackage.of("greet", packages.greet()))
            .writeTo(shared.resolve("env"));
    slowPath = packages.bootstrap(); // 1 MiB: a drip never finishes it
    try (CacheServer healthy = CacheServer.serve(cache)) {
      Path image = shared.resolve("healthy.tar");
      Outcome outcome =
          isolated(floxj(), shared)
              .run("containerize", "-d", environment.toString(), "--store", shared.resolve("no-store").toString(),
                  "--cache-dir", shared.resolve("downloads").toString(), "--substituter", healthy.url(),
                  "--trusted-public-key", caches.publicKey(), "-f", image.toString());
      assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
      healthyImage = Files.readAllBytes(image);
    }
  }

  private static FloxjRun isolated(FloxjRun run, Path dir) {
    return run.env("NIX_CONF_DIR", dir.resolve("no-etc-nix").toString())
        .env("XDG_CONFIG_HOME", dir.resolve("no-xdg-config").toString())
        .env("XDG_CONFIG_DIRS", dir.resolve("no-xdg-dirs").toString())
        .env("NIX_USER_CONF_FILES", null)
        .env("NIX_CONFIG", null);
  }

  @Test
  void stalledCache_saysItIsWaiting_thenTakesTheNarFromTheNextCache_inBoundedTime() throws IOException {
    try (CacheServer stalled = CacheServer.serve(cache).drip(this::isSlowNar, 64, Duration.ofDays(1));
        CacheServer healthy = CacheServer.serve(cache)) {
      Run run = containerize(stalled, healthy);

      assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
      assertThat(run.result().stderr())
          .contains("still waiting for " + stalled.url() + " (" + narUrl(slowPath) + ")…")
          .contains("Cannot download " + slowPath + " from " + stalled.url() + ": ")
          .contains("! Cannot download " + slowPath + " from " + stalled.url() + ": no data for 3000 ms; trying "
              + healthy.url() + " instead.")
          .doesNotContain("ERROR")
          .doesNotContain("\tat ");
      assertThat(run.output()).isEqualTo(healthyImage);
      assertThat(run.took()).isLessThan(BOUND);
      System.out.println("stalled cache: " + run.took().toMillis() + " ms with a 3 s stall limit");
    }
  }

  @Test
  void drippingCache_isLeftBelowTheMinimumThroughput_forTheNextCache_inBoundedTime() throws IOException {
    // 64 bytes every 1.5 s: 43 bytes/s, each read waiting longer than the 1 s notice.
    try (CacheServer dripping = CacheServer.serve(cache).drip(this::isSlowNar, 64, Duration.ofMillis(1500));
        CacheServer healthy = CacheServer.serve(cache)) {
      Run run = containerize(dripping, healthy);

      assertThat(run.result().exitCode()).as(run.result().describe()).isZero();
      assertThat(run.result().stderr())
          .contains("still waiting for " + dripping.url() + " (" + narUrl(slowPath) + ")…")
          .contains("Cannot download " + slowPath + " from " + dripping.url() + ": ")
          .containsPattern("! Cannot download " + java.util.regex.Pattern.quote(slowPath + " from " + dripping.url())
              + ": it sent \\d+ bytes in 4000 ms, slower than the minimum of 1024 bytes/s; trying "
              + java.util.regex.Pattern.quote(healthy.url()) + " instead\\.")
          .doesNotContain("ERROR")
          .doesNotContain("\tat ");
      assertThat(run.output()).isEqualTo(healthyImage);
      assertThat(run.took()).isLessThan(BOUND);
      System.out.println("dripping cache: " + run.took().toMillis() + " ms with a 4 s window");
    }
  }

  /** One launcher run and what it wrote. */
  private record Run(Subprocess.Result result, byte[] output, Duration took) {}

  private Run containerize(CacheServer first, CacheServer second) throws IOException {
    Path image = temp.resolve("image.tar");
    Subprocess launcher =
        FloxjRun.launcher(
                "containerize", "-d", environment.toString(), "--store", temp.resolve("no-store").toString(),
                "--cache-dir", temp.resolve("downloads").toString(),
                "--substituter", first.url(), "--substituter", second.url(),
                "--trusted-public-key", caches.publicKey(), "-f", image.toString())
            .env("FLOXJ_JAVA_OPTS", LIMITS)
            .env("NIX_CONF_DIR", temp.resolve("no-etc-nix").toString())
            .env("XDG_CONFIG_HOME", temp.resolve("no-xdg-config").toString())
            .env("XDG_CONFIG_DIRS", temp.resolve("no-xdg-dirs").toString())
            .env("NIX_USER_CONF_FILES", temp.resolve("no-user-nix.conf").toString())
            .env("NIX_CONFIG", "")
            .timeout(BOUND.plusSeconds(30));
    long start = System.nanoTime();
    Subprocess.Result result = launcher.run();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    byte[] output = Files.exists(image) ? Files.readAllBytes(image) : new byte[0];
    return new Run(result, output, took);
  }

  private boolean isSlowNar(String urlPath) {
    return urlPath.equals("/" + narUrl(slowPath));
  }

  private static String narUrl(StorePath path) {
    try {
      for (String line : Files.readAllLines(cache.resolve(path.hashPart() + ".narinfo"))) {
        if (line.startsWith("URL: ")) {
          return line.substring("URL: ".length());
        }
      }
      throw new IllegalStateException("no URL in the narinfo of " + path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
