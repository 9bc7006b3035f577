package dev.floxj.testing;

import dev.floxj.store.StorePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real binary caches of the test package set, written by {@code nix copy} and signed with a key
 * made by {@code nix-store --generate-binary-cache-key}, one directory per cache.
 */
public final class TestCaches {
  private final TestPackages packages;
  private final Path directory;
  private final String publicKey;
  private final String secretKey;

  private TestCaches(TestPackages packages, Path directory, String publicKey, String secretKey) {
    this.packages = packages;
    this.directory = directory;
    this.publicKey = publicKey;
    this.secretKey = secretKey;
  }

  /** A signing key named {@code keyName}, and caches to come, under {@code directory}. */
  public static TestCaches create(TestPackages packages, Path directory, String keyName) {
    try {
      Files.createDirectories(directory);
      Path secret = directory.resolve("secret.key");
      Path pub = directory.resolve("public.key");
      Subprocess.of("nix-store", "--generate-binary-cache-key", keyName, secret.toString(), pub.toString())
          .env("NIX_CONFIG", TestPackages.NIX_CONFIG)
          .run()
          .assertSuccess();
      return new TestCaches(packages, directory, Files.readString(pub).strip(), Files.readString(secret).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code name:base64}, for --trusted-public-key. */
  public String publicKey() {
    return publicKey;
  }

  /** Signs narinfos with this key. */
  public NarInfoSigner signer() {
    return new NarInfoSigner(secretKey);
  }

  /**
   * A cache named {@code name} holding the closures of {@code paths}, its NARs compressed with
   * {@code compression} (xz, zstd, bzip2 or none).
   */
  public Path cache(String name, String compression, StorePath... paths) {
    Path cache = directory.resolve(name);
    List<String> command =
        new ArrayList<>(
            List.of(
                "nix",
                "copy",
                "--from",
                packages.storeRoot().toString(),
                "--to",
                "file://" + cache + "?compression=" + compression + "&secret-key=" + directory.resolve("secret.key")));
    for (StorePath path : paths) {
      command.add(path.path());
    }
    Subprocess.of(command).env("NIX_CONFIG", TestPackages.NIX_CONFIG).run().assertSuccess();
    return cache;
  }
}
