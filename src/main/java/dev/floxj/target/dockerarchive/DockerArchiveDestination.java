package dev.floxj.target.dockerarchive;

import dev.floxj.FloxjException;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageReference;
import dev.floxj.target.Destination;
import dev.floxj.target.ImageSink;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A docker-archive sent to a sink: stdout, a file (atomically), or a runtime's {@code load}. The
 * sink is committed only when the whole archive was written; on any failure it is aborted, so
 * nothing partial stays behind.
 */
public final class DockerArchiveDestination implements Destination {
  private final ImageSink sink;
  private final List<ImageReference> repoTags;

  public DockerArchiveDestination(ImageSink sink, List<ImageReference> repoTags) {
    this.sink = sink;
    this.repoTags = List.copyOf(repoTags);
  }

  @Override
  public WrittenImage write(Image image, WriteProgress progress) throws IOException {
    WrittenImage written;
    try (OutputStream out = sink.open()) {
      written = new DockerArchiveWriter(progress).write(image, repoTags, out);
      sink.commit();
    } catch (IOException e) {
      FloxjException failure = sink.writeFailure(e); // first: it may wait for the runtime's stderr
      sink.abort();
      throw failure;
    } catch (RuntimeException | Error e) {
      sink.abort();
      throw e;
    }
    return written;
  }

  public List<ImageReference> repoTags() {
    return repoTags;
  }

  @Override
  public java.nio.file.Path stagingDirectory() {
    return sink.directory();
  }

  @Override
  public String description() {
    return sink.description();
  }
}
