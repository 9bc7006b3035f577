package dev.floxj.target;

import dev.floxj.FloxjException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Standard output, for {@code floxj containerize | docker load}. */
public final class StdoutSink implements ImageSink {
  private final OutputStream stdout;

  public StdoutSink(OutputStream stdout) {
    this.stdout = stdout;
  }

  /** The process's own standard output, unbuffered: the archive writer buffers by itself. */
  public static StdoutSink ofProcess() {
    return new StdoutSink(new FileOutputStream(FileDescriptor.out));
  }

  @Override
  public OutputStream open() {
    return stdout;
  }

  @Override
  public void commit() throws IOException {
    stdout.flush();
  }

  @Override
  public void abort() {}

  @Override
  public FloxjException writeFailure(IOException cause) {
    return new FloxjException(
        "Writing the image to stdout failed ("
            + cause.getMessage()
            + "): the command reading floxj's output stopped early; check its own error above.",
        cause);
  }

  @Override
  public String description() {
    return "stdout";
  }
}
