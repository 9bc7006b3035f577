package dev.floxj.target;

import dev.floxj.Sha256;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.RememberedDigests;
import dev.floxj.image.model.WrittenLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The digests of layers written before, so that a rerun that changes nothing reads nothing it
 * need not: a destination that holds a blob already (an OCI layout's file, a registry's blob)
 * skips the layer without opening a store file, and an OCI archive names each blob before writing
 * it. Keyed on a layer's {@link dev.floxj.image.model.LayerContent#identity identity} — the
 * ordered store paths with their NAR hashes, owner, mtime and floxj's tar format version, which
 * decide every byte of a store layer — and per compression setting ({@link
 * LayerCompression#setting}: algorithm, level, library).
 *
 * <p>One small text file per layer, {@code <cache>/layer-digests/v2/<sha256 of identity>}: a
 * checksum line over the rest, the diff ID, one line per stored setting (digest, size), then the
 * identity itself. It is written beside its place and renamed over it, so a reader sees a whole
 * entry or the one before; an entry whose checksum or identity does not match is ignored. What is
 * recalled is only believed ({@link RememberedDigests}): whatever writes a layer hashes it again
 * and {@link #remember} replaces an entry the bytes contradict, so a missing, corrupt or stale
 * entry costs speed, never a wrong output. Two runs remembering the same layer at once lose at most
 * one run's additions. A text format rather than JSON: no object mapper at start-up, and the
 * checksum covers exact bytes.
 */
public final class LayerDigestCache {
  /** The directory below the cache directory; bump the version with any change of format. */
  static final String DIRECTORY = "layer-digests/v2";
  private static final String MAGIC = "floxj layer-digest cache entry 2";

  /** No cache: recalls nothing, remembers nothing ({@code --no-cache}, no cache directory). */
  public static final LayerDigestCache NONE = new LayerDigestCache(null);

  private static final long PROCESS = ProcessHandle.current().pid();
  private static final AtomicLong TEMPORARIES = new AtomicLong();
  private static final Set<OpenOption> CREATE_EXCLUSIVELY =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  private static final FileAttribute<?>[] OWNER_ONLY = {
    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
  };

  private final Path directory;
  private volatile boolean directoryMade; // once per run, not once per entry

  /**
   * What is known of one layer.
   *
   * @param identity the layer's identity text
   * @param diffId the uncompressed tar's digest
   * @param stored per compression setting text, the stored blob
   */
  record Entry(String identity, Digest diffId, Map<String, RememberedDigests.Stored> stored) {}

  private LayerDigestCache(Path directory) {
    this.directory = directory;
  }

  /** The cache under floxj's cache directory, or {@link #NONE} when there is none. */
  public static LayerDigestCache under(Path cacheDirectory) {
    return cacheDirectory == null ? NONE : new LayerDigestCache(cacheDirectory.resolve(DIRECTORY));
  }

  /** The image with what earlier runs learned of each of its layers. */
  public Image recall(Image image) {
    if (directory == null) {
      return image;
    }
    List<Layer> layers = new ArrayList<>();
    boolean any = false;
    for (Layer layer : image.layers()) {
      Optional<RememberedDigests> remembered = layer.content().identity().flatMap(this::recall);
      any |= remembered.isPresent();
      layers.add(remembered.map(layer::withRemembered).orElse(layer));
    }
    return any ? image.withLayers(layers) : image;
  }

  /** Whether the entry holds a blob stored with {@code compression}, whatever its setting. */
  private static boolean holdsAny(Entry entry, Compression compression) {
    String keyword = compression.keyword();
    for (String setting : entry.stored().keySet()) {
      if (setting.equals(keyword) || setting.startsWith(keyword + " ")) {
        return true;
      }
    }
    return false;
  }

  /** What an earlier run learned of the layer of this identity, for this build's settings. */
  public Optional<RememberedDigests> recall(String identity) {
    return read(identity).map(entry -> {
      Map<Compression, RememberedDigests.Stored> stored = new EnumMap<>(Compression.class);
      for (Compression compression : Compression.values()) {
        if (!holdsAny(entry, compression)) {
          continue; // no setting to compare: spares naming the library (compressing a sample)
        }
        RememberedDigests.Stored blob = entry.stored().get(LayerCompression.setting(compression));
        if (blob != null) {
          stored.put(compression, blob);
        }
      }
      return new RememberedDigests(entry.diffId(), stored);
    });
  }

  /**
   * Saves what the destinations learned of {@code image}'s layers (the image as {@link #recall}
   * gave it, {@code written} as each destination wrote it). A diff ID that contradicts the entry
   * replaces it; failing to save is no error (the next run reads the layer again).
   */
  public void remember(Image image, List<WrittenImage> written) {
    if (directory == null) {
      return;
    }
    for (int i = 0; i < image.layers().size(); i++) {
      Layer layer = image.layers().get(i);
      Optional<String> identity = layer.content().identity();
      if (identity.isEmpty()) {
        continue;
      }
      Map<Compression, WrittenLayer> learned = new EnumMap<>(Compression.class);
      for (WrittenImage destination : written) {
        if (i < destination.layers().size()) {
          WrittenLayer stored = destination.layers().get(i);
          learned.putIfAbsent(compressionOf(stored.blob()), stored);
        }
      }
      if (!learned.isEmpty() && !alreadyRemembered(layer, learned)) {
        remember(identity.get(), learned);
      }
    }
  }

  /**
   * Whether what the destinations learned is what the entry recalled for this run said: then
   * the entry has it already and is not read again (an unchanged rerun reads each entry once).
   */
  private static boolean alreadyRemembered(Layer layer, Map<Compression, WrittenLayer> learned) {
    RememberedDigests recalled = layer.remembered();
    if (recalled == null) {
      return false;
    }
    for (Map.Entry<Compression, WrittenLayer> blob : learned.entrySet()) {
      Descriptor descriptor = blob.getValue().blob();
      RememberedDigests.Stored now = new RememberedDigests.Stored(descriptor.digest(), descriptor.size());
      if (!blob.getValue().diffId().equals(recalled.diffId()) || !recalled.as(blob.getKey()).equals(Optional.of(now))) {
        return false;
      }
    }
    return true;
  }

  private void remember(String identity, Map<Compression, WrittenLayer> learned) {
    Digest diffId = learned.values().iterator().next().diffId();
    Optional<Entry> before = read(identity).filter(entry -> entry.diffId().equals(diffId));
    Map<String, RememberedDigests.Stored> stored = new TreeMap<>(before.map(Entry::stored).orElse(Map.of()));
    boolean changed = before.isEmpty();
    for (Map.Entry<Compression, WrittenLayer> blob : learned.entrySet()) {
      if (!blob.getValue().diffId().equals(diffId)) {
        continue; // destinations disagree: keep what the first one learned
      }
      Descriptor descriptor = blob.getValue().blob();
      RememberedDigests.Stored now = new RememberedDigests.Stored(descriptor.digest(), descriptor.size());
      changed |= !now.equals(stored.put(LayerCompression.setting(blob.getKey()), now));
    }
    if (changed) {
      write(new Entry(identity, diffId, stored));
    }
  }

  /** The compression a layer blob's media type names. */
  static Compression compressionOf(Descriptor blob) {
    String type = blob.mediaType();
    if (type.endsWith("gzip")) {
      return Compression.GZIP;
    }
    if (type.endsWith("zstd")) {
      return Compression.ZSTD;
    }
    return Compression.NONE;
  }

  /** The entry for {@code identity}, if one is there, whole, and for this identity. */
  Optional<Entry> read(String identity) {
    if (directory == null) {
      return Optional.empty();
    }
    try {
      Path file = file(identity);
      // Most look-ups on a first run are for entries not made yet: java.io.File asks without the
      // NoSuchFileException (and its stack trace) that reading a missing file throws.
      if (!file.toFile().isFile()) {
        return Optional.empty();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return parse(text).filter(entry -> entry.identity().equals(identity));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // missing, unreadable or not text: as if never saved
    }
  }

  /** Parses an entry; empty if its checksum or any line is wrong. */
  static Optional<Entry> parse(String text) {
    int first = text.indexOf('\n');
    int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
    if (second < 0 || !text.substring(0, first).equals(MAGIC)) {
      return Optional.empty();
    }
    String body = text.substring(second + 1);
    if (!text.substring(first + 1, second).equals("checksum " + checksum(body))) {
      return Optional.empty();
    }
    String[] lines = body.split("\n", -1);
    int line = 0;
    if (!lines[line].startsWith("diffId ")) {
      return Optional.empty();
    }
    Digest diffId = parseDigest(lines[line++].substring("diffId ".length()));
    Map<String, RememberedDigests.Stored> stored = new LinkedHashMap<>();
    while (line < lines.length && lines[line].startsWith("stored ")) {
      String[] fields = lines[line++].substring("stored ".length()).split("\t");
      if (fields.length != 3) {
        return Optional.empty();
      }
      long size = Long.parseLong(fields[2]);
      if (size < 0) {
        return Optional.empty();
      }
      stored.put(fields[0], new RememberedDigests.Stored(parseDigest(fields[1]), size));
    }
    if (line >= lines.length || !lines[line].equals("identity")) {
      return Optional.empty();
    }
    String identity = String.join("\n", java.util.Arrays.asList(lines).subList(line + 1, lines.length));
    RememberedDigests.Stored uncompressed = stored.get(LayerCompression.setting(Compression.NONE));
    if (uncompressed != null && !uncompressed.digest().equals(diffId)) {
      return Optional.empty(); // an uncompressed blob is its tar
    }
    return Optional.of(new Entry(identity, diffId, stored));
  }

  private static Digest parseDigest(String text) {
    int colon = text.indexOf(':');
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  static String format(Entry entry) {
    StringBuilder body = new StringBuilder("diffId ").append(entry.diffId()).append('\n');
    new TreeMap<>(entry.stored()).forEach((setting, blob) ->
        body.append("stored ").append(setting).append('\t').append(blob.digest()).append('\t').append(blob.size()).append('\n'));
    body.append("identity\n").append(entry.identity());
    return MAGIC + "\nchecksum " + checksum(body.toString()) + "\n" + body;
  }

  private static String checksum(String body) {
    return Digest.sha256Of(body.getBytes(StandardCharsets.UTF_8)).toString();
  }

  void write(Entry entry) {
    if (directory == null) {
      return;
    }
    Path target = file(entry.identity());
    try {
      if (!directoryMade) {
        Files.createDirectories(directory); // when it exists, it throws and catches an exception
        directoryMade = true;
      }
      // A name of this process's own, created exclusively and written in one go: a first run
      // writes an entry per layer at its end, and createTempFile's random name, second open and
      // cleanup cost about half of it.
      Path temporary =
          directory.resolve("." + target.getFileName() + "." + PROCESS + "-" + TEMPORARIES.incrementAndGet() + ".tmp");
      boolean moved = false;
      try {
        // Owner-only where the file system has POSIX permissions (not on Windows).
        FileAttribute<?>[] attributes =
            directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? OWNER_ONLY
                : new FileAttribute<?>[0];
        try (SeekableByteChannel out = Files.newByteChannel(temporary, CREATE_EXCLUSIVELY, attributes)) {
          ByteBuffer bytes = ByteBuffer.wrap(format(entry).getBytes(StandardCharsets.UTF_8));
          while (bytes.hasRemaining()) {
            out.write(bytes);
          }
        }
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        moved = true;
      } finally {
        if (!moved) {
          Files.deleteIfExists(temporary);
        }
      }
    } catch (IOException | RuntimeException e) {
      // only a shortcut for later runs
    }
  }

  Path file(String identity) {
    byte[] key = Sha256.of(identity.getBytes(StandardCharsets.UTF_8));
    return directory.resolve(HexFormat.of().formatHex(key));
  }
}
