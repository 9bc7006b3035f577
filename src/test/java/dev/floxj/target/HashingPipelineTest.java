package dev.floxj.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class HashingPipelineTest {
  private static final int BUFFER_SIZE = 4096;

  @TempDir Path tmp;

  @Test
  void rangesAcrossManyBuffers_getTheDigestsOfExactlyTheirBytes() throws Exception {
    byte[] stream = randomBytes(10 * BUFFER_SIZE + 123, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<byte[]> first;
    CompletableFuture<byte[]> second;
    CompletableFuture<byte[]> empty;
    try (HashingPipeline pipeline = new HashingPipeline(out, BUFFER_SIZE)) {
      first = pipeline.sha256(100, 3 * BUFFER_SIZE);
      empty = pipeline.sha256(3 * BUFFER_SIZE + 100, 0);
      second = pipeline.sha256(5 * BUFFER_SIZE + 7, 4 * BUFFER_SIZE + 1);
      handOverInOddPieces(pipeline, stream);
      pipeline.flush();
    }

    assertThat(out.toByteArray()).isEqualTo(stream);
    assertThat(first.get()).isEqualTo(sha256(stream, 100, 3 * BUFFER_SIZE));
    assertThat(empty.get()).isEqualTo(sha256(stream, 0, 0));
    assertThat(second.get()).isEqualTo(sha256(stream, 5 * BUFFER_SIZE + 7, 4 * BUFFER_SIZE + 1));
  }

  @Test
  void aFileSink_isWrittenThroughItsChannel_withTheSameBytes() throws Exception {
    byte[] stream = randomBytes(7 * BUFFER_SIZE + 5, 2);
    Path file = tmp.resolve("out");
    try (OutputStream out = new FileOutputStream(file.toFile());
        HashingPipeline pipeline = new HashingPipeline(out, BUFFER_SIZE)) {
      handOverInOddPieces(pipeline, stream);
      pipeline.write(new byte[] {1, 2, 3});
      pipeline.flush();
    }

    byte[] expected = Arrays.copyOf(stream, stream.length + 3);
    expected[stream.length] = 1;
    expected[stream.length + 1] = 2;
    expected[stream.length + 2] = 3;
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  @Test
  void aSinkThatFails_failsTheProducerInsteadOfBlockingIt() throws Exception {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    try (HashingPipeline pipeline = new HashingPipeline(broken, BUFFER_SIZE)) {
      CompletableFuture<byte[]> digest = pipeline.sha256(0, 100 * BUFFER_SIZE);

      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 100; i++) { // far more than the buffers in circulation
                  ByteBuffer buffer = pipeline.take();
                  buffer.position(buffer.capacity());
                  pipeline.handOver(buffer);
                }
                pipeline.flush();
              })
          .isInstanceOf(IOException.class)
          .hasMessage("Broken pipe");
      assertThat(digest).isCompletedExceptionally();
    }
  }

  /** Buffers filled to varying lengths, as tar writers hand them over at entry boundaries. */
  private static void handOverInOddPieces(HashingPipeline pipeline, byte[] stream)
      throws IOException {
    int at = 0;
    int piece = 1;
    while (at < stream.length) {
      ByteBuffer buffer = pipeline.take();
      int length = Math.min(Math.min(piece, buffer.capacity()), stream.length - at);
      buffer.put(stream, at, length);
      pipeline.handOver(buffer);
      at += length;
      piece = piece * 3 + 1;
    }
  }

  private static byte[] sha256(byte[] bytes, int offset, int length) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(bytes, offset, length);
    return digest.digest();
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
