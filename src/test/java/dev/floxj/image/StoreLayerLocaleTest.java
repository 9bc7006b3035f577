package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.StorePath;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In a real JVM started without a UTF-8 locale, non-ASCII names fail clearly, not silently. */
class StoreLayerLocaleTest {
  @TempDir Path root;
  private final StorePath path = TestStore.storePath("names");

  @BeforeEach
  void storeWithANonAsciiName() throws Exception {
    TestStore store = new TestStore(root);
    store.file(store.onDisk(path).resolve("caf\u00e9"), "coffee");
  }

  @Test
  void cLocale_failsAskingForAUtf8Locale() throws Exception {
    Result result = measureInJvmWithLocale("C");

    assertThat(result.exitCode).as(result.output).isEqualTo(2);
    assertThat(result.output).contains("LC_ALL=C.UTF-8").contains(path.path());
  }

  @Test
  void utf8Locale_measuresTheLayer() throws Exception {
    Result result = measureInJvmWithLocale("C.UTF-8");

    assertThat(result.output.strip()).isEqualTo("ok");
    assertThat(result.exitCode).isZero();
  }

  private record Result(int exitCode, String output) {}

  private Result measureInJvmWithLocale(String locale) throws Exception {
    String classPath =
        location(StoreLayer.class) + File.pathSeparator + location(MeasureLayerMain.class);
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                MeasureLayerMain.class.getName(),
                root.toString(),
                path.path())
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG"));
    builder.environment().put("LC_ALL", locale);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
