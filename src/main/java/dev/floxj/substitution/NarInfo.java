package dev.floxj.substitution;

import dev.floxj.store.StorePath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A binary cache's description of one store path ({@code <hash>.narinfo}): where its NAR is, how
 * it is compressed, its sizes and hashes, its references and signatures.
 *
 * @param fileHash the hash of the downloaded file, or null when the cache does not say
 * @param fileSize the size of the downloaded file, or -1 when the cache does not say
 * @param compression {@code xz}, {@code zstd}, {@code bzip2}, {@code none}, ...; an absent field
 *     means {@code bzip2}, as in Nix
 */
public record NarInfo(
    StorePath storePath,
    String url,
    String compression,
    NixHash fileHash,
    long fileSize,
    NixHash narHash,
    long narSize,
    List<StorePath> references,
    String deriver,
    List<String> signatures,
    String ca) {

  public NarInfo {
    references = List.copyOf(references);
    signatures = List.copyOf(signatures);
  }

  /**
   * Parses a narinfo. Unknown fields are ignored and {@code Sig} may repeat, as in Nix.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static NarInfo parse(String text) {
    String storePath = null;
    String url = null;
    String compression = "bzip2";
    NixHash fileHash = null;
    long fileSize = -1;
    NixHash narHash = null;
    long narSize = -1;
    List<StorePath> references = new ArrayList<>();
    String deriver = null;
    List<String> signatures = new ArrayList<>();
    String ca = null;
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(": ");
      if (colon <= 0) {
        int bare = line.indexOf(':');
        if (bare > 0 && bare == line.length() - 1) {
          colon = bare; // "References:" with nothing after it
        } else {
          throw new IllegalArgumentException("the line '" + line + "' is not 'Key: value'");
        }
      }
      String key = line.substring(0, colon);
      String value = colon + 2 <= line.length() ? line.substring(colon + 2) : "";
      switch (key) {
        case "StorePath" -> storePath = value;
        case "URL" -> url = value;
        case "Compression" -> compression = value;
        case "FileHash" -> fileHash = hash(key, value);
        case "FileSize" -> fileSize = size(key, value);
        case "NarHash" -> narHash = hash(key, value);
        case "NarSize" -> narSize = size(key, value);
        case "References" -> references = references(value);
        case "Deriver" -> deriver = value.equals("unknown-deriver") ? null : value;
        case "Sig" -> signatures.add(value);
        case "CA" -> ca = value;
        default -> {
          // Nix ignores fields it does not know, and so do we.
        }
      }
    }
    if (storePath == null) {
      throw new IllegalArgumentException("it has no StorePath");
    }
    if (url == null || url.isEmpty()) {
      throw new IllegalArgumentException("it has no URL");
    }
    if (narHash == null) {
      throw new IllegalArgumentException("it has no NarHash");
    }
    if (narSize <= 0) {
      throw new IllegalArgumentException("it has no NarSize, or a NarSize of 0");
    }
    if (!storePath.startsWith("/")) {
      throw new IllegalArgumentException("its StorePath '" + storePath + "' is not an absolute path");
    }
    return new NarInfo(
        parseStorePath(storePath),
        url,
        compression,
        fileHash,
        fileSize,
        narHash,
        narSize,
        references,
        deriver,
        signatures,
        ca);
  }

  /**
   * What the signatures sign: {@code 1;<store path>;<NarHash>;<NarSize>;<references, sorted,
   * comma-separated>}. URL, compression and the file's hash and size are not part of it.
   */
  public byte[] fingerprint() {
    String refs =
        references.stream()
            .map(StorePath::path)
            .sorted(Comparator.naturalOrder())
            .collect(Collectors.joining(","));
    return ("1;" + storePath + ";" + narHash + ";" + narSize + ";" + refs)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static NixHash hash(String key, String value) {
    try {
      return NixHash.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("its " + key + " '" + value + "' is not a SHA-256 as Nix writes one");
    }
  }

  private static long size(String key, String value) {
    try {
      long size = Long.parseLong(value);
      if (size < 0) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("its " + key + " '" + value + "' is not a size in bytes");
    }
  }

  private static List<StorePath> references(String value) {
    List<StorePath> references = new ArrayList<>();
    for (String reference : value.trim().split(" +")) {
      if (!reference.isEmpty()) {
        if (reference.contains("/")) {
          throw new IllegalArgumentException("its reference '" + reference + "' is not a store path base name");
        }
        references.add(parseStorePath(reference));
      }
    }
    return references;
  }

  private static StorePath parseStorePath(String text) {
    try {
      return StorePath.of(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage().replaceFirst("\\.$", ""));
    }
  }
}
