package dev.floxj.manifest;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

/** The real flox fixtures under src/test/resources/flox-data (see the README there). */
public final class FloxData {
  /** Fixtures that have both a manifest.toml and its manifest.lock. */
  public static final List<String> LOCKED_ENVIRONMENTS =
      List.of("hello", "v1_curl_hello", "flake_hello", "bash_v1_10_0_out", "kitchen_sink");

  /** Every manifest.toml in the fixtures. */
  public static final List<String> MANIFESTS =
      List.of(
          "hello/manifest.toml",
          "v1_curl_hello/manifest.toml",
          "flake_hello/manifest.toml",
          "bash_v1_10_0_out/manifest.toml",
          "kitchen_sink/manifest.toml",
          "containerize-test/manifest1.toml");

  /** Every manifest.lock in the fixtures. */
  public static final List<String> LOCKS =
      List.of(
          "hello/manifest.lock",
          "hello-v1/manifest.lock",
          "v1_curl_hello/manifest.lock",
          "flake_hello/manifest.lock",
          "bash_v1_10_0_out/manifest.lock",
          "kitchen_sink/manifest.lock");

  /** A valid store path for made-up locks: {@code /nix/store/<32 chars>-<name>}. */
  public static String storePath(String name) {
    return "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-" + name;
  }

  private FloxData() {}

  public static Path path(String relative) {
    URL url = FloxData.class.getResource("/flox-data/" + relative);
    if (url == null) {
      throw new IllegalArgumentException("no fixture " + relative);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Manifest manifest(String environment) {
    return ManifestParser.parse(path(environment + "/manifest.toml"));
  }

  public static Lockfile lockfile(String environment) {
    return LockfileParser.parse(path(environment + "/manifest.lock"));
  }
}
