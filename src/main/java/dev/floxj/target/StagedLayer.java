package dev.floxj.target;

import dev.floxj.image.model.LayerContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A layer tar already written to a file (by {@link Fanout}'s first pass), read back for another
 * destination: its size is the file's, its diff ID the one learned while it was written.
 */
final class StagedLayer implements LayerContent {
  private static final int CHUNK = 1 << 20;

  private final Path file;

  StagedLayer(Path file) {
    this.file = file;
  }

  @Override
  public long size() throws IOException {
    return Files.size(file);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    byte[] chunk = new byte[CHUNK];
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (true) {
        buffer.clear();
        int read = channel.read(buffer);
        if (read < 0) {
          return;
        }
        out.write(chunk, 0, read);
      }
    }
  }
}
