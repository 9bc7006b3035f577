package dev.floxj.substitution;

import dev.floxj.FloxjException;
import dev.floxj.Sha256;
import dev.floxj.nar.NarFormatException;
import dev.floxj.nar.NarReader;
import dev.floxj.nar.NarVisitor;
import dev.floxj.store.StoreFileVisitor;
import dev.floxj.store.StorePath;
import dev.floxj.store.StoreTree.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A store path whose files are a verified, uncompressed NAR in the download cache. Walking it
 * parses the NAR again: file contents are read straight from it, and what a walk does not read
 * is skipped by seeking, so measuring a layer reads only the NAR's headers. A NAR kept by an
 * earlier run is checked before its first use ({@link #damage}, unless its stamp shows it
 * untouched); a walk that reads everything checks the NarHash once more, so damage during the run
 * does not go unnoticed either.
 */
final class CachedNar {
  private static final int DIRECTORY_MODE = 0555;
  private static final int EXECUTABLE_MODE = 0555;
  private static final int FILE_MODE = 0444;

  private final StorePath path;
  private final Path file;
  private final NarInfo info;
  private Map<String, Entry> index;

  CachedNar(StorePath path, Path file, NarInfo info) {
    this.path = path;
    this.file = file;
    this.info = info;
  }

  /** What the tree lookups need of one NAR entry. */
  private record Entry(Kind kind, List<String> children, String target) {}

  /** Visits the store path's files in NAR order, as a local store's walk would. */
  void walk(StoreFileVisitor visitor) throws IOException {
    read(
        new NarVisitor() {
          @Override
          public void directory(String relative) throws IOException {
            visitor.directory(fullName(relative), DIRECTORY_MODE);
          }

          @Override
          public void regularFile(String relative, boolean executable, long size, ReadableByteChannel content)
              throws IOException {
            visitor.regularFile(fullName(relative), executable ? EXECUTABLE_MODE : FILE_MODE, size, () -> content);
          }

          @Override
          public void symlink(String relative, String target) throws IOException {
            visitor.symlink(fullName(relative), target);
          }
        });
  }

  Kind kind(String relative) throws IOException {
    Entry entry = index().get(relative);
    return entry == null ? Kind.MISSING : entry.kind();
  }

  List<String> list(String relative) throws IOException {
    Entry entry = index().get(relative);
    if (entry == null || entry.kind() != Kind.DIRECTORY) {
      throw new IOException(fullName(relative) + " is not a directory");
    }
    return entry.children();
  }

  String readSymlink(String relative) throws IOException {
    Entry entry = index().get(relative);
    if (entry == null || entry.kind() != Kind.SYMLINK) {
      throw new IOException(fullName(relative) + " is not a symlink");
    }
    return entry.target();
  }

  /** The bytes of the small regular file at {@code relative}, at most {@code limit}. */
  byte[] read(String relative, int limit) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    readFile(relative, (size, content) -> {
      if (size > limit) {
        throw new IOException(fullName(relative) + " holds more than " + limit + " bytes");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && content.read(buffer) >= 0) {
        // fill
      }
      bytes.write(buffer.array(), 0, buffer.position());
    });
    return bytes.toByteArray();
  }

  /** The SHA-256 of the regular file at {@code relative}. */
  byte[] sha256(String relative) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    readFile(relative, (size, content) -> hash(content, digest, ByteBuffer.allocate(64 * 1024)));
    return digest.digest();
  }

  /** What is done with the contents of the one file {@link #readFile} looks for. */
  private interface FileContent {
    void read(long size, ReadableByteChannel content) throws IOException;
  }

  /** Walks the NAR and gives {@code action} the contents of the regular file at {@code relative}. */
  private void readFile(String relative, FileContent action) throws IOException {
    read(
        new NarVisitor() {
          @Override
          public void directory(String path) {}

          @Override
          public void regularFile(String path, boolean executable, long size, ReadableByteChannel content)
              throws IOException {
            if (path.equals(relative)) {
              action.read(size, content);
            }
          }

          @Override
          public void symlink(String path, String target) {}
        });
  }

  /** Feeds everything left in {@code content} to {@code digest}, through {@code buffer}. */
  private static void hash(ReadableByteChannel content, MessageDigest digest, ByteBuffer buffer) throws IOException {
    while (content.read(buffer) >= 0) {
      buffer.flip();
      digest.update(buffer);
      buffer.clear();
    }
  }

  /** Names, kinds and targets of the NAR's entries; held only for the packages joined into the root. */
  private synchronized Map<String, Entry> index() throws IOException {
    if (index == null) {
      Map<String, Entry> entries = new HashMap<>();
      read(
          new NarVisitor() {
            @Override
            public void directory(String relative) {
              entries.put(relative, new Entry(Kind.DIRECTORY, new ArrayList<>(), null));
              addToParent(relative);
            }

            @Override
            public void regularFile(String relative, boolean executable, long size, ReadableByteChannel content) {
              entries.put(relative, new Entry(Kind.REGULAR_FILE, List.of(), null));
              addToParent(relative);
            }

            @Override
            public void symlink(String relative, String target) {
              entries.put(relative, new Entry(Kind.SYMLINK, List.of(), target));
              addToParent(relative);
            }

            private void addToParent(String relative) {
              if (!relative.isEmpty()) {
                int slash = relative.lastIndexOf('/');
                String parent = slash < 0 ? "" : relative.substring(0, slash);
                entries.get(parent).children().add(relative.substring(slash + 1));
              }
            }
          });
      index = entries;
    }
    return index;
  }

  /**
   * What is wrong with {@code file} as the NAR {@code info} describes (its size or its SHA-256),
   * or null when it is that NAR. One sequential read: a file whose bytes hash to the NarHash is
   * the NAR that was verified when it was downloaded, structure and all.
   */
  static String damage(Path file, NarInfo info) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size != info.narSize()) {
        return "it has " + size + " bytes instead of " + info.narSize();
      }
      MessageDigest digest = Sha256.newDigest();
      hash(channel, digest, ByteBuffer.allocateDirect(256 * 1024));
      return NixHash.ofDigest(digest.digest()).equals(info.narHash())
          ? null
          : "its SHA-256 is not the NarHash " + info.narHash();
    }
  }

  private void read(NarVisitor visitor) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      SeekingInput in = new SeekingInput(channel);
      long size;
      try {
        size = NarReader.read(in, info.narSize(), visitor);
      } catch (NarFormatException e) {
        throw corrupt(e.getMessage());
      }
      if (size != info.narSize()) {
        throw corrupt("it has " + size + " bytes instead of " + info.narSize());
      }
      if (!in.skipped && !NixHash.ofDigest(in.digest.digest()).equals(info.narHash())) {
        throw corrupt("its SHA-256 is not the NarHash " + info.narHash());
      }
    }
  }

  /**
   * The NAR changed on disk during this run, after it was checked (or bits rotted where its stamp
   * cannot see): some of its bytes may be in a layer already, so the run stops; the file is
   * deleted, so that the next run downloads it again.
   */
  private FloxjException corrupt(String what) {
    try {
      java.nio.file.Files.deleteIfExists(file);
    } catch (IOException e) {
      // The next run's check finds it damaged anyway.
    }
    return new FloxjException(
        "The NAR of "
            + path
            + " in floxj's download cache ("
            + file
            + ") was damaged since it was verified ("
            + what
            + "); floxj deleted it, so run again to download it anew.");
  }

  private String fullName(String relative) {
    return relative.isEmpty() ? path.path() : path.path() + "/" + relative;
  }

  /** The NAR file as a stream that hashes what is read and seeks over what is skipped. */
  private static final class SeekingInput extends InputStream {
    private final FileChannel channel;
    private final MessageDigest digest = Sha256.newDigest();
    private boolean skipped;

    SeekingInput(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int read = read(one, 0, 1);
      return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int read = channel.read(ByteBuffer.wrap(b, off, len));
      if (read > 0) {
        digest.update(b, off, read);
      }
      return read;
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0) {
        return 0;
      }
      skipped = true;
      channel.position(channel.position() + n);
      return n;
    }
  }
}
