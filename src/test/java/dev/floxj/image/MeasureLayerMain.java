package dev.floxj.image;

import dev.floxj.FloxjException;
import dev.floxj.store.LocalStoreFiles;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Measures a store layer in a fresh JVM, so that a test can choose that JVM's locale. */
final class MeasureLayerMain {
  private MeasureLayerMain() {}

  /** Arguments: store root, store path. Prints "ok", or the error and exits with 2. */
  public static void main(String[] args) throws IOException {
    try {
      new StoreLayer(new LocalStoreFiles(Path.of(args[0])), List.of(StorePath.of(args[1])), TarOwner.ROOT, 1).size();
      System.out.println("ok");
    } catch (FloxjException e) {
      System.out.println(e.getMessage());
      System.exit(2);
    }
  }
}
