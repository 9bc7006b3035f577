package dev.floxj.nar;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a NAR (Nix ARchive) as a stream and reports its entries, as strictly as current Nix: only
 * the canonical form is accepted, and anything unsafe to unpack is refused — unsorted or
 * duplicate names; empty, {@code .}, {@code ..} or over-long names; names with {@code /} or NUL;
 * empty or over-long symlink targets; nesting 64 levels deep; lengths beyond the archive; non-zero
 * padding; and anything after the root node.
 *
 * <p>Memory stays constant: file contents are handed out as channels over the stream, and what a
 * visitor leaves unread is skipped ({@link InputStream#skip}, so a file-backed stream seeks).
 */
public final class NarReader {
  public static final int MAX_NAME_LENGTH = 255;
  public static final int MAX_TARGET_LENGTH = 4095;
  /** Nodes this many levels below the root are refused. */
  public static final int MAX_DEPTH = 64;

  private static final String MAGIC = "nix-archive-1";
  private static final int MAX_KEYWORD_LENGTH = 16;
  private static final int BUFFER_SIZE = 64 * 1024;

  private final InputStream in;
  private final long declaredSize;
  private final NarVisitor visitor;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int bufferStart;
  private int bufferEnd;
  private long position;

  private NarReader(InputStream in, long declaredSize, NarVisitor visitor) {
    this.in = in;
    this.declaredSize = declaredSize;
    this.visitor = visitor;
  }

  /**
   * Reads one NAR from {@code in} to its end.
   *
   * @return the number of bytes the NAR had
   * @throws NarFormatException when the NAR is malformed or unsafe
   */
  public static long read(InputStream in, NarVisitor visitor) throws IOException {
    return read(in, Long.MAX_VALUE, visitor);
  }

  /**
   * Reads one NAR from {@code in} to its end, refusing any length that would run past {@code
   * declaredSize} bytes (a NarSize, say) before reading it.
   */
  public static long read(InputStream in, long declaredSize, NarVisitor visitor) throws IOException {
    NarReader reader = new NarReader(in, declaredSize, visitor);
    reader.expect(MAGIC, "does not start with the NAR magic 'nix-archive-1'");
    reader.node("", 0);
    if (reader.available() > 0) {
      throw new NarFormatException("there is data after the end of the archive", reader.position);
    }
    return reader.position;
  }

  private void node(String path, int depth) throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new NarFormatException(
          "'" + path + "' is nested " + depth + " levels deep (the limit is " + (MAX_DEPTH - 1) + ")",
          position);
    }
    expect("(", "expected '(' to open a node");
    expect("type", "expected 'type' in a node");
    long at = position;
    String type = keyword();
    switch (type) {
      case "regular" -> regular(path);
      case "symlink" -> symlink(path);
      case "directory" -> directory(path, depth);
      default -> throw new NarFormatException("'" + path + "' has the unknown type '" + type + "'", at);
    }
  }

  private void regular(String path) throws IOException {
    long at = position;
    String token = keyword();
    boolean executable = false;
    if (token.equals("executable")) {
      executable = true;
      expect("", "the executable marker of '" + path + "' is not empty");
      at = position;
      token = keyword();
    }
    if (!token.equals("contents")) {
      throw new NarFormatException("expected 'contents' for the file '" + path + "', got '" + token + "'", at);
    }
    long size = length("the file '" + path + "'");
    Content content = new Content(size);
    visitor.regularFile(path, executable, size, content);
    content.skipRest();
    padding(size);
    expect(")", "expected ')' after the file '" + path + "'");
  }

  private void symlink(String path) throws IOException {
    expect("target", "expected 'target' for the symlink '" + path + "'");
    long at = position;
    byte[] target = string(MAX_TARGET_LENGTH, "the target of the symlink '" + path + "'");
    if (target.length == 0) {
      throw new NarFormatException("the symlink '" + path + "' has an empty target", at);
    }
    if (indexOf(target, (byte) 0) >= 0) {
      throw new NarFormatException("the target of the symlink '" + path + "' contains a NUL byte", at);
    }
    visitor.symlink(path, utf8(target, "the target of the symlink '" + path + "'", at));
    expect(")", "expected ')' after the symlink '" + path + "'");
  }

  private void directory(String path, int depth) throws IOException {
    visitor.directory(path);
    byte[] previous = null;
    while (true) {
      long at = position;
      String token = keyword();
      if (token.equals(")")) {
        return;
      }
      if (!token.equals("entry")) {
        throw new NarFormatException(
            "expected 'entry' or ')' in the directory '" + path + "', got '" + token + "'", at);
      }
      expect("(", "expected '(' to open an entry of '" + path + "'");
      expect("name", "expected 'name' in an entry of '" + path + "'");
      at = position;
      byte[] name = string(MAX_NAME_LENGTH, "a name in the directory '" + path + "'");
      String decoded = checkName(name, path, at);
      if (previous != null) {
        int order = Arrays.compareUnsigned(previous, name);
        if (order == 0) {
          throw new NarFormatException("the directory '" + path + "' lists '" + decoded + "' twice", at);
        }
        if (order > 0) {
          throw new NarFormatException(
              "the entries of the directory '" + path + "' are not sorted ('" + decoded + "' comes too late)",
              at);
        }
      }
      previous = name;
      expect("node", "expected 'node' in the entry '" + decoded + "'");
      node(path.isEmpty() ? decoded : path + "/" + decoded, depth + 1);
      expect(")", "expected ')' to close the entry '" + decoded + "'");
    }
  }

  private String checkName(byte[] name, String directory, long at) throws NarFormatException {
    String where = "the directory '" + directory + "'";
    if (name.length == 0) {
      throw new NarFormatException(where + " has an entry with an empty name", at);
    }
    if (Arrays.equals(name, new byte[] {'.'}) || Arrays.equals(name, new byte[] {'.', '.'})) {
      throw new NarFormatException(
          where + " has an entry named '" + new String(name, StandardCharsets.US_ASCII) + "'", at);
    }
    if (indexOf(name, (byte) '/') >= 0) {
      throw new NarFormatException(where + " has an entry whose name contains '/'", at);
    }
    if (indexOf(name, (byte) 0) >= 0) {
      throw new NarFormatException(where + " has an entry whose name contains a NUL byte", at);
    }
    return utf8(name, "a name in " + where, at);
  }

  // Tar names and Java strings carry text: a name that is not UTF-8 could not be archived as is.
  private static String utf8(byte[] bytes, String what, long at) throws NarFormatException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new NarFormatException(what + " is not valid UTF-8, which floxj cannot archive faithfully", at);
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private void expect(String token, String problem) throws IOException {
    long at = position;
    String actual = keyword();
    if (!actual.equals(token)) {
      throw new NarFormatException(problem + (actual.isEmpty() ? "" : ", got '" + actual + "'"), at);
    }
  }

  /** A short token of the grammar, which is printable ASCII in any valid NAR. */
  private String keyword() throws IOException {
    long at = position;
    byte[] bytes = string(MAX_KEYWORD_LENGTH, "a token");
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        throw new NarFormatException("unexpected binary data where a token belongs", at);
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  private byte[] string(int maxLength, String what) throws IOException {
    long at = position;
    long length = readLong();
    if (length < 0 || length > maxLength) {
      throw new NarFormatException(
          what + " is " + Long.toUnsignedString(length) + " bytes long (at most " + maxLength + " allowed)", at);
    }
    byte[] bytes = new byte[(int) length];
    readFully(bytes, 0, bytes.length);
    padding(length);
    return bytes;
  }

  private long length(String what) throws IOException {
    long at = position;
    long length = readLong();
    if (length < 0 || length > declaredSize - position) {
      throw new NarFormatException(
          what + " claims " + Long.toUnsignedString(length) + " bytes, more than the NAR holds", at);
    }
    return length;
  }

  private void padding(long length) throws IOException {
    int padding = (int) ((8 - (length & 7)) & 7);
    long at = position;
    byte[] zeros = new byte[padding];
    readFully(zeros, 0, padding);
    for (byte b : zeros) {
      if (b != 0) {
        throw new NarFormatException("the padding after a string is not zero", at);
      }
    }
  }

  private long readLong() throws IOException {
    byte[] bytes = new byte[8];
    readFully(bytes, 0, 8);
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }

  private void readFully(byte[] into, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      if (available() == 0) {
        throw endedEarly();
      }
      int chunk = Math.min(length - done, bufferEnd - bufferStart);
      System.arraycopy(buffer, bufferStart, into, offset + done, chunk);
      consume(chunk);
      done += chunk;
    }
  }

  private void consume(int count) throws NarFormatException {
    bufferStart += count;
    position += count;
    if (position > declaredSize) {
      throw new NarFormatException("the NAR is longer than its declared " + declaredSize + " bytes", declaredSize);
    }
  }

  /** Bytes in the buffer, refilling it when empty; 0 only at the end of the stream. */
  private int available() throws IOException {
    while (bufferStart == bufferEnd) {
      int read = in.read(buffer, 0, buffer.length);
      if (read < 0) {
        return 0;
      }
      bufferStart = 0;
      bufferEnd = read;
    }
    return bufferEnd - bufferStart;
  }

  private NarFormatException endedEarly() {
    return new NarFormatException("the NAR ends early", position);
  }

  /** One file's bytes: a window of the stream, valid while the visitor holds it. */
  private final class Content implements ReadableByteChannel {
    private long remaining;
    private boolean open = true;

    Content(long size) {
      this.remaining = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (!open) {
        throw new ClosedChannelException();
      }
      if (remaining == 0) {
        return -1;
      }
      if (!dst.hasRemaining()) {
        return 0;
      }
      int wanted = (int) Math.min(remaining, dst.remaining());
      int read;
      if (bufferStart == bufferEnd && dst.hasArray() && wanted >= buffer.length) {
        // A large read with nothing buffered goes straight into the caller's array.
        read = in.read(dst.array(), dst.arrayOffset() + dst.position(), wanted);
        if (read < 0) {
          throw endedEarly();
        }
        dst.position(dst.position() + read);
        position += read;
        if (position > declaredSize) {
          throw new NarFormatException("the NAR is longer than its declared " + declaredSize + " bytes", declaredSize);
        }
      } else {
        if (available() == 0) {
          throw endedEarly();
        }
        read = Math.min(wanted, bufferEnd - bufferStart);
        dst.put(buffer, bufferStart, read);
        consume(read);
      }
      remaining -= read;
      return read;
    }

    void skipRest() throws IOException {
      open = false;
      int buffered = (int) Math.min(remaining, bufferEnd - bufferStart);
      consume(buffered);
      remaining -= buffered;
      if (remaining > 0) {
        try {
          in.skipNBytes(remaining);
        } catch (EOFException e) {
          throw endedEarly();
        }
        position += remaining;
        remaining = 0;
      }
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }
}
