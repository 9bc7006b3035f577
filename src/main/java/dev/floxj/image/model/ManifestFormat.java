package dev.floxj.image.model;

/**
 * The two media-type families of image manifests. One manifest uses one family throughout (its
 * own type, its config's and its layers'): registries and tools such as Quay, GitLab, skopeo and
 * CRI-O refuse mixtures, so the family is chosen once per manifest and every type comes from it.
 */
public enum ManifestFormat {
  OCI(
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.config.v1+json",
      "application/vnd.oci.image.layer.v1.tar"),
  DOCKER(
      "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.docker.container.image.v1+json",
      "application/vnd.docker.image.rootfs.diff.tar");

  private final String manifestType;
  private final String indexType;
  private final String configType;
  private final String layerType;

  ManifestFormat(String manifestType, String indexType, String configType, String layerType) {
    this.manifestType = manifestType;
    this.indexType = indexType;
    this.configType = configType;
    this.layerType = layerType;
  }

  public String manifestType() {
    return manifestType;
  }

  public String indexType() {
    return indexType;
  }

  public String configType() {
    return configType;
  }

  /**
   * The media type of a layer stored with {@code compression}.
   *
   * @throws IllegalArgumentException for zstd in the Docker family, which has no type for it
   */
  public String layerType(Compression compression) {
    return switch (compression) {
      case NONE -> layerType;
      case GZIP -> this == OCI ? layerType + "+gzip" : layerType + ".gzip";
      case ZSTD -> {
        if (this != OCI) {
          throw new IllegalArgumentException("zstd layers need OCI media types");
        }
        yield layerType + "+zstd";
      }
    };
  }

  /** The family a manifest or index media type belongs to, or null for another type. */
  public static ManifestFormat ofType(String mediaType) {
    for (ManifestFormat format : values()) {
      if (format.manifestType.equals(mediaType) || format.indexType.equals(mediaType)) {
        return format;
      }
    }
    return null;
  }
}
