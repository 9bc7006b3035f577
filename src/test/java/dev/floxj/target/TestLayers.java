package dev.floxj.target;

import dev.floxj.FloxjException;
import dev.floxj.image.model.LayerContent;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Stand-in layers for the writers' tests (docker-archive, OCI layout and index): the writers
 * treat a layer as so many bytes, so fixed bytes test them without a store; a store layer's own
 * format is tested in {@code dev.floxj.image}.
 */
public final class TestLayers {
  /** What {@link #failingMidway()} throws, as a store path changed under floxj would. */
  public static final String FAILURE = "The store path changed while being archived.";

  private TestLayers() {}

  /** A layer of exactly these bytes. */
  public static LayerContent fixed(byte[] bytes) {
    return new Fixed(bytes.clone());
  }

  /** A layer of 10240 bytes that fails with {@link #FAILURE} after writing 5000 of them. */
  public static LayerContent failingMidway() {
    return new LayerContent() {
      @Override
      public long size() {
        return 10240;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(new byte[5000]);
        throw new FloxjException(FAILURE);
      }
    };
  }

  private record Fixed(byte[] bytes) implements LayerContent {
    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(bytes);
    }
  }
}
