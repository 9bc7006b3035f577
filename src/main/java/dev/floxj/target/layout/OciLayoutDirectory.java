package dev.floxj.target.layout;

import dev.floxj.FloxjException;
import dev.floxj.Json;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.ImageIndex;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.target.FileSink;
import dev.floxj.target.TemporaryDirectory;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * An OCI image layout on disk ({@code oci-layout}, {@code index.json}, {@code
 * blobs/sha256/<hex>}), new or existing. Everything is checked before anything is written, blobs
 * arrive under temporary names and are renamed to their digest once complete, and {@code
 * index.json} is replaced last and atomically: an interrupted write never leaves a tag pointing
 * at a missing blob. A directory this run created is removed again if the write fails.
 */
final class OciLayoutDirectory {
  static final String LAYOUT_FILE = "oci-layout";
  static final String INDEX_FILE = "index.json";
  static final byte[] LAYOUT_JSON = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  private final Path root;
  private final ImageIndex existing;
  private TemporaryDirectory created; // until the write succeeds
  private TemporaryDirectory work; // blobs being written, removed in every case

  private OciLayoutDirectory(Path root, ImageIndex existing) {
    this.root = root;
    this.existing = existing;
  }

  /**
   * Checks that {@code root} is absent, an empty directory or an OCI layout, and reads its index.
   * Creates nothing yet.
   */
  static OciLayoutDirectory open(Path root, String usage) {
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new FloxjException(
          root + " is a file, not a directory; " + usage + " needs a new or empty directory, or an"
              + " existing OCI layout.");
    }
    if (!Files.isDirectory(root)) {
      Path parent = root.getParent();
      if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
        throw new FloxjException(
            "Cannot create " + root + ": " + parent + " is not a directory; choose another path"
                + " for " + usage + ".");
      }
      return new OciLayoutDirectory(root, ImageIndex.empty(ManifestFormat.OCI));
    }
    Path layout = root.resolve(LAYOUT_FILE);
    if (!Files.exists(layout)) {
      if (!isEmpty(root)) {
        throw new FloxjException(
            root + " exists and is not an OCI image layout (it has no oci-layout file); give "
                + usage + " a new or empty directory, or an existing layout.");
      }
      return new OciLayoutDirectory(root, ImageIndex.empty(ManifestFormat.OCI));
    }
    String version;
    try {
      version = Json.mapper().readTree(Files.readAllBytes(layout)).path("imageLayoutVersion").asText("");
    } catch (IOException e) {
      throw new FloxjException(
          layout + " cannot be read as JSON (" + e.getMessage() + "); fix it or choose another"
              + " directory for " + usage + ".", e);
    }
    if (!version.equals("1.0.0")) {
      throw new FloxjException(
          layout + " says imageLayoutVersion '" + version + "', but floxj writes 1.0.0 layouts;"
              + " choose another directory for " + usage + ".");
    }
    Path index = root.resolve(INDEX_FILE);
    ImageIndex existing;
    try {
      existing =
          Files.exists(index)
              ? ImageIndex.parse(Files.readAllBytes(index), index.toString())
              : ImageIndex.empty(ManifestFormat.OCI);
    } catch (IOException e) {
      throw new FloxjException("Cannot read " + index + " (" + e.getMessage() + ").", e);
    }
    if (!Files.isWritable(root)) {
      throw new FloxjException(
          "The OCI layout " + root + " is not writable; fix its permissions or choose another"
              + " directory for " + usage + ".");
    }
    return new OciLayoutDirectory(root, existing);
  }

  private static boolean isEmpty(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new FloxjException("Cannot read the directory " + directory + " (" + e.getMessage() + ").", e);
    }
  }

  Path root() {
    return root;
  }

  /** The index as it was before this write. */
  ImageIndex existingIndex() {
    return existing;
  }

  /** Creates the directory and {@code blobs/sha256} if need be, and {@code oci-layout}. */
  void prepare(String usage) {
    try {
      if (!Files.isDirectory(root)) {
        Files.createDirectories(root);
        created = TemporaryDirectory.adopt(root);
      }
      Files.createDirectories(blobs());
      work = TemporaryDirectory.create(blobs(), ".floxj-");
      Path layout = root.resolve(LAYOUT_FILE);
      if (!Files.exists(layout)) {
        writeAtomically(layout, LAYOUT_JSON);
      }
    } catch (AccessDeniedException e) {
      throw new FloxjException(
          "Cannot write the OCI layout " + root + " (permission denied on " + e.getFile()
              + "); choose a directory you can write to for " + usage + ".", e);
    } catch (IOException e) {
      throw new FloxjException(
          "Cannot create the OCI layout " + root + " (" + e.getMessage() + "); choose another"
              + " directory for " + usage + ".", e);
    }
  }

  Path blobs() {
    return root.resolve("blobs").resolve(Digest.SHA256);
  }

  Path blob(Digest digest) {
    return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }

  /**
   * Whether the layout holds the blob {@code digest} of {@code size} bytes already. A layout's
   * blob file is named by the digest of its bytes (floxj renames a blob into place only once it
   * was hashed), so its name and size are trusted without reading it.
   */
  boolean holds(Digest digest, long size) {
    try {
      Path blob = blob(digest);
      return Files.isRegularFile(blob) && Files.size(blob) == size;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A new temporary file in a hidden directory among the blobs (on their disk, so renaming it
   * into place is atomic; removed even on Ctrl-C), readable by others like the blobs.
   */
  Path temporaryBlob() throws IOException {
    Path temporary = Files.createTempFile(work.path(), "blob-", ".partial");
    if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
    }
    return temporary;
  }

  /**
   * Makes the complete {@code temporary} the blob {@code digest}; a blob already there (the same
   * bytes, by its name) is kept and the temporary file dropped.
   */
  void commitBlob(Path temporary, Digest digest) throws IOException {
    Path target = blob(digest);
    if (Files.exists(target)) {
      Files.delete(temporary);
      return;
    }
    // blobs/sha256 exists since prepare(); not made again here, or a write still going while
    // Ctrl-C's clean-up removes a layout this run created would bring its directories back.
    move(temporary, target);
  }

  /** Writes a small blob (config, manifest) unless it exists. */
  void writeBlob(Digest digest, byte[] content) throws IOException {
    if (Files.exists(blob(digest))) {
      return;
    }
    Path temporary = temporaryBlob();
    try {
      write(temporary, content);
      commitBlob(temporary, digest);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Replaces {@code index.json}: the last step of a write. */
  void writeIndex(ImageIndex index) throws IOException {
    writeAtomically(root.resolve(INDEX_FILE), index.toJson());
    work.close();
    if (created != null) {
      created.keep();
    }
  }

  /** After a failure: removes the directory if this run created it. Never throws. */
  void abandon() {
    if (work != null) {
      work.close();
    }
    if (created != null) {
      created.close();
    }
  }

  private static void writeAtomically(Path target, byte[] content) throws IOException {
    FileSink sink = new FileSink(target);
    try (OutputStream out = sink.open()) {
      out.write(content);
      sink.commit();
    } catch (IOException | RuntimeException e) {
      sink.abort();
      throw e;
    }
  }

  private static void write(Path file, byte[] content) throws IOException {
    try (FileOutputStream out = new FileOutputStream(file.toFile())) {
      out.write(content);
      out.getChannel().force(false);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
