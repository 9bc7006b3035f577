package dev.floxj.cli;

import dev.floxj.image.model.Compression;
import dev.floxj.image.model.ImageReference;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.registry.Credentials;
import dev.floxj.registry.RegistryReference;
import dev.floxj.target.registry.RegistryDestination;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code --to docker://REGISTRY/REPO[:TAG]}: the registry destination for a push, with the
 * user's credentials (as Docker and podman keep them), floxj's cache directory (layer digests and
 * where blobs were seen) and the tags to put.
 */
final class RegistryTarget {
  /**
   * Registries get uncompressed layers unless --compression says otherwise: the push costs no
   * compression CPU, the layer's digest is its diff ID, and pushes to loopback were measured
   * faster so (docs/destinations/registry.md).
   */
  static final Compression DEFAULT_COMPRESSION = Compression.NONE;

  private RegistryTarget() {}

  /** Refuses a reference a push cannot go to (what followed {@code docker://}), in one sentence. */
  static void check(String reference) {
    RegistryReference parsed = RegistryReference.parse(reference);
    if (parsed.digest() != null) {
      throw new dev.floxj.FloxjException(
          "--to docker://" + reference + " names a digest, which cannot be pushed to; name a tag:"
              + " docker://" + parsed.repositoryName() + ":TAG.");
    }
  }

  /**
   * @param references what the push puts: the first names the registry and repository, each its
   *     tag
   * @param compression the layer compression asked for, or null for the default
   */
  static RegistryDestination create(
      List<ImageReference> references, boolean verifyTls, Compression compression,
      Map<String, String> environment, Path cacheDirectory) {
    RegistryReference repository = RegistryReference.parse(references.get(0).name());
    List<String> tags = references.stream().map(ImageReference::tag).distinct().toList();
    Compression chosen = compression == null ? DEFAULT_COMPRESSION : compression;
    return new RegistryDestination(
        repository,
        tags,
        new RegistryDestination.Settings(
            Credentials.fromEnvironment(environment), verifyTls, cacheDirectory, chosen, ManifestFormat.OCI));
  }
}
