package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.image.model.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code --to} value, parsed with the transport names skopeo and podman users know: {@code
 * oci:DIR[:REF]}, {@code oci-archive:FILE[:REF]}, {@code docker-archive:FILE[:REF]} ({@code -}
 * is stdout), {@code docker-daemon:[REF]}, {@code podman:[REF]}, {@code docker://REF}. Parsed
 * while the command line is read, so a typo is a usage error (exit 2) before anything is built.
 *
 * @param location the directory or file; null for a runtime or a registry
 * @param reference what the value names: a full reference (sets the repository, maybe the tag)
 *     or, for the layouts, a bare tag; null when none was written
 */
record DestinationSpec(Transport transport, String location, String reference) {
  /** The transports, by their prefix. */
  enum Transport {
    OCI("oci:"),
    OCI_ARCHIVE("oci-archive:"),
    DOCKER_ARCHIVE("docker-archive:"),
    DOCKER_DAEMON("docker-daemon:"),
    PODMAN("podman:"),
    REGISTRY("docker://");

    final String prefix;

    Transport(String prefix) {
      this.prefix = prefix;
    }
  }

  private static final String FORMS =
      "oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE (- for stdout), docker-daemon:,"
          + " podman: or docker://REGISTRY/REPO[:TAG]";

  /** {@code --to}'s converter: a bad value is a usage error. */
  static final class Converter implements picocli.CommandLine.ITypeConverter<DestinationSpec> {
    @Override
    public DestinationSpec convert(String value) {
      try {
        return parse(value);
      } catch (FloxjException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static DestinationSpec parse(String value) {
    // Longest prefix first: oci-archive: before oci:.
    Transport transport = null;
    for (Transport candidate : List.of(Transport.OCI_ARCHIVE, Transport.OCI, Transport.DOCKER_ARCHIVE, Transport.DOCKER_DAEMON, Transport.PODMAN, Transport.REGISTRY)) {
      if (value.startsWith(candidate.prefix)) {
        transport = candidate;
        break;
      }
    }
    if (transport == null) {
      throw new FloxjException("'" + value + "' names no known destination; write " + FORMS + ".");
    }
    String rest = value.substring(transport.prefix.length());
    DestinationSpec spec =
        switch (transport) {
          case OCI, OCI_ARCHIVE, DOCKER_ARCHIVE -> {
            // The location ends at the first ':' (paths with ':' are not supported, as in skopeo).
            int colon = rest.indexOf(':');
            String location = colon < 0 ? rest : rest.substring(0, colon);
            String reference = colon < 0 ? null : rest.substring(colon + 1);
            if (location.isEmpty()) {
              throw new FloxjException(
                  "'" + value + "' has no " + (transport == Transport.OCI ? "directory" : "file")
                      + "; write " + transport.prefix + (transport == Transport.OCI ? "DIR" : "FILE")
                      + "[:TAG].");
            }
            yield new DestinationSpec(transport, location, emptyToNull(reference));
          }
          case DOCKER_DAEMON, PODMAN -> new DestinationSpec(transport, null, emptyToNull(rest));
          case REGISTRY -> {
            if (rest.isEmpty()) {
              throw new FloxjException("'" + value + "' has no image; write docker://REGISTRY/REPO[:TAG].");
            }
            yield new DestinationSpec(transport, null, rest);
          }
        };
    spec.references(new ImageReference("check", ImageReference.DEFAULT_TAG), List.of(), value); // checks the reference now
    return spec;
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  /**
   * The references this destination writes: the name given in the value, else the environment's;
   * the tag given in the value, plus every {@code -t} tag; with neither, the environment's tag.
   *
   * @param original the --to text, for errors
   */
  List<ImageReference> references(ImageReference environment, List<String> tags, String original) {
    String name = environment.name();
    String ownTag = null;
    if (reference != null) {
      boolean bareTag =
          (transport == Transport.OCI || transport == Transport.OCI_ARCHIVE)
              && !reference.contains("/")
              && !reference.contains(":");
      try {
        if (bareTag) {
          ownTag = ImageReference.checkTag(reference);
        } else {
          int slash = reference.lastIndexOf('/');
          int colon = reference.lastIndexOf(':');
          boolean tagged = colon > slash;
          ImageReference given = ImageReference.parse(reference, null); // checks name and tag
          name = given.name();
          ownTag = tagged ? given.tag() : null;
        }
      } catch (FloxjException e) {
        throw new FloxjException("'" + (original != null ? original : transport.prefix + reference) + "': " + e.getMessage(), e);
      }
    }
    Set<String> chosen = new LinkedHashSet<>();
    if (ownTag != null) {
      chosen.add(ownTag);
    }
    chosen.addAll(tags);
    if (chosen.isEmpty()) {
      chosen.add(environment.tag());
    }
    List<ImageReference> references = new ArrayList<>();
    for (String tag : chosen) {
      references.add(new ImageReference(name, tag));
    }
    return references;
  }

  /** Whether the destination can hold an image index, and so several platforms. */
  boolean holdsIndex() {
    return transport == Transport.OCI || transport == Transport.OCI_ARCHIVE || transport == Transport.REGISTRY;
  }

  /** Whether the image goes to standard output. */
  boolean isStdout() {
    return transport == Transport.DOCKER_ARCHIVE && "-".equals(location);
  }
}
