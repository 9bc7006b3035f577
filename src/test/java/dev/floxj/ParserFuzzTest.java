package dev.floxj;

import static dev.floxj.nar.NarBuilder.nar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.manifest.FloxNixParser;
import dev.floxj.manifest.LockfileParser;
import dev.floxj.manifest.ManifestParser;
import dev.floxj.nar.NarFormatException;
import dev.floxj.nar.NarReader;
import dev.floxj.nar.NarVisitor;
import dev.floxj.substitution.NarInfo;
import dev.floxj.substitution.NixConfiguration;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parser of untrusted input, fed a fixed number of seeded mutations of real files: each
 * input must end in a result or in the parser's one error type with a message — no
 * other exception (a NullPointerException, a StackOverflowError, an OutOfMemoryError), and no
 * input may take long. The seed is fixed, so a failure is reproduced by running the test again;
 * the inputs tried and how they ended are printed.
 */
class ParserFuzzTest {
  /**
   * Inputs per parser: a fixed number, not a time budget, so that every run on every machine tries
   * the same inputs (a budget let a fast machine reach inputs a slow one never saw).
   */
  private static final int INPUTS = 4_000;

  private static final Duration SLOWEST_INPUT = Duration.ofSeconds(2);

  /** Parses bytes; throws the parser's clean error type, or something that fails the test. */
  @FunctionalInterface
  interface Parser {
    void parse(byte[] input) throws Exception;
  }

  record Target(String name, List<byte[]> seeds, Parser parser, List<Class<? extends Throwable>> clean) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> targets() throws IOException {
    return Stream.of(
            new Target(
                "manifest.toml",
                resources("flox-data", "manifest.toml"),
                input -> ManifestParser.parse(text(input), "manifest.toml"),
                List.of(FloxjException.class)),
            new Target(
                "manifest.lock",
                resources("flox-data", "manifest.lock"),
                input -> LockfileParser.parse(text(input), "manifest.lock"),
                List.of(FloxjException.class)),
            new Target(
                "flox.nix",
                resources("flox-nix", ".nix"),
                input -> FloxNixParser.parse(text(input), "flox.nix"),
                List.of(FloxjException.class)),
            new Target(
                "nix.conf",
                List.of(
                    ("substituters = https://cache.nixos.org https://mine.example?priority=30\n"
                            + "# a comment\nextra-trusted-public-keys = mine-1:"
                            + "6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=\n"
                            + "binary-caches =\nrequire-sigs = true\n!include absent.conf\n")
                        .getBytes(StandardCharsets.UTF_8)),
                input -> NixConfiguration.parse(text(input)),
                List.of(FloxjException.class)),
            new Target(
                "narinfo",
                List.of(
                    ("StorePath: /nix/store/0c6kzph7l0dcbfmjap64f0czdafn3b7x-hello-2.12.1\n"
                            + "URL: nar/1w1fff338fvdw53sqgamddn1b2xgds473pv6y13gizdbqjv4i5p3.nar.xz\n"
                            + "Compression: xz\n"
                            + "FileHash: sha256:1w1fff338fvdw53sqgamddn1b2xgds473pv6y13gizdbqjv4i5p3\n"
                            + "FileSize: 50184\n"
                            + "NarHash: sha256:0yzhigwjl6bws649vcs2asa4lbs8hg93hyix187gc7s7a74w5h80\n"
                            + "NarSize: 226560\n"
                            + "References: 0c6kzph7l0dcbfmjap64f0czdafn3b7x-hello-2.12.1 "
                            + "9df65igwjmf2wbw0gbrrgair6piqjgmi-glibc-2.38-44\n"
                            + "Deriver: 5sp5w6j3p8hkbl4sr7qm2cmk8m9aa6rf-hello-2.12.1.drv\n"
                            + "Sig: cache.nixos.org-1:dNbs2AU9OaoC3hGYGI1PDQH8ifZYtUHkQfqmdqVMvuYRXfCe"
                            + "wCvUMzfnNQcbuwq5PcmXvJY4CqMwbWCyVa5UBgg==\n")
                        .getBytes(StandardCharsets.UTF_8)),
                input -> NarInfo.parse(text(input)),
                List.of(IllegalArgumentException.class)),
            new Target(
                "NAR",
                List.of(
                    nar().directory()
                        .entry("bin").directory().entry("hello").file("#!/bin/sh\necho hi\n", true).endEntry().end().endEntry()
                        .entry("lib").symlink("../lib64").endEntry()
                        .entry("share").directory().entry("doc").file("text", false).endEntry().end().endEntry()
                        .end()
                        .bytes()),
                input -> readNar(input),
                List.of(NarFormatException.class, EOFException.class)))
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("targets")
  void parse_mutatedInputs_endInAResultOrOneSentence_inBoundedTime(Target target) {
    Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> run(target));
  }

  private static void run(Target target) throws Exception {
    Random random = new Random(0x5eed_f10c + target.name().hashCode());
    Map<String, Integer> outcomes = new TreeMap<>();
    int tried = 0;
    long slowestNanos = 0;
    List<byte[]> inputs = new ArrayList<>(target.seeds());
    while (tried < INPUTS) {
      byte[] input = tried < target.seeds().size() ? target.seeds().get(tried) : mutate(inputs, random);
      tried++;
      long start = System.nanoTime();
      String outcome;
      try {
        target.parser().parse(input);
        outcome = "parsed";
        if (inputs.size() < 64) {
          inputs.add(input); // a valid variant: a seed for further mutations
        }
      } catch (Throwable failure) {
        if (target.clean().stream().noneMatch(type -> type.isInstance(failure))) {
          throw new AssertionError(
              target.name() + " input #" + tried + " ended in " + failure + "; the input: " + shown(input), failure);
        }
        // A message may quote input with line breaks in it; the console shows those escaped, so
        // what reaches the terminal is one line whatever the message holds.
        String message = failure.getMessage();
        assertThat(message).as("message of input #%d: %s", tried, shown(input)).isNotBlank();
        outcome = failure.getClass().getSimpleName();
      }
      long nanos = System.nanoTime() - start;
      slowestNanos = Math.max(slowestNanos, nanos);
      assertThat(Duration.ofNanos(nanos)).as("time for input #%d: %s", tried, shown(input)).isLessThan(SLOWEST_INPUT);
      outcomes.merge(outcome, 1, Integer::sum);
    }
    System.out.printf(
        "fuzz %s: %d inputs, %s, slowest %.1f ms%n", target.name(), tried, outcomes, slowestNanos / 1e6);
  }

  /** One mutation of one of the inputs: bytes flipped, inserted, deleted, repeated or cut. */
  private static byte[] mutate(List<byte[]> inputs, Random random) {
    byte[] base = inputs.get(random.nextInt(inputs.size()));
    List<Byte> bytes = new ArrayList<>(base.length + 64);
    for (byte b : base) {
      bytes.add(b);
    }
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size() + 1);
      switch (random.nextInt(8)) {
        case 0 -> { // flip a bit
          if (at < bytes.size()) {
            bytes.set(at, (byte) (bytes.get(at) ^ (1 << random.nextInt(8))));
          }
        }
        case 1 -> bytes.add(at, INTERESTING[random.nextInt(INTERESTING.length)]);
        case 2 -> { // delete a range
          int length = Math.min(bytes.size() - Math.min(at, bytes.size()), 1 + random.nextInt(16));
          for (int i = 0; i < length; i++) {
            bytes.remove(Math.min(at, bytes.size() - 1));
          }
        }
        case 3 -> { // repeat a range many times: the shape that made tomlj cubic
          int from = bytes.isEmpty() ? 0 : random.nextInt(bytes.size());
          int length = Math.min(bytes.size() - from, 1 + random.nextInt(8));
          List<Byte> range = new ArrayList<>(bytes.subList(from, from + length));
          int times = 1 + random.nextInt(random.nextBoolean() ? 8 : 2_000);
          for (int t = 0; t < times; t++) {
            bytes.addAll(at, range);
          }
        }
        case 4 -> { // a run of one structural character
          byte b = STRUCTURE[random.nextInt(STRUCTURE.length)];
          int times = 1 + random.nextInt(3_000);
          for (int t = 0; t < times; t++) {
            bytes.add(at, b);
          }
        }
        case 5 -> { // cut the end off
          while (bytes.size() > at) {
            bytes.remove(bytes.size() - 1);
          }
        }
        case 6 -> bytes.add(at, (byte) random.nextInt(256));
        default -> { // a little-endian number (NAR lengths) with odd values
          long value = random.nextBoolean() ? -1L : random.nextInt(1 << 20);
          for (int i = 0; i < 8 && at <= bytes.size(); i++) {
            if (at < bytes.size()) {
              bytes.set(at++, (byte) (value >>> (8 * i)));
            }
          }
        }
      }
    }
    byte[] result = new byte[bytes.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = bytes.get(i);
    }
    return result;
  }

  private static final byte[] INTERESTING = "\"'[]{}=.;#\n\r\t\\$:,-0x\u0000\u001b".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] STRUCTURE = "[{(\"'\n#.a\\ ".getBytes(StandardCharsets.ISO_8859_1);

  private static String text(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }

  private static void readNar(byte[] input) throws IOException {
    try (InputStream in = new ByteArrayInputStream(input)) {
      NarReader.read(in, input.length, NarVisitor.CHECK_ONLY);
    }
  }

  /** The input as a Java string literal, cut to a readable length. */
  private static String shown(byte[] input) {
    StringBuilder shown = new StringBuilder("\"");
    for (int i = 0; i < Math.min(input.length, 400); i++) {
      int b = input[i] & 0xff;
      shown.append(b >= 0x20 && b < 0x7f && b != '"' && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return shown.append(input.length > 400 ? "\"… (" + input.length + " bytes)" : "\"").toString();
  }

  private static List<byte[]> resources(String directory, String suffix) throws IOException {
    try {
      Path root = Path.of(ParserFuzzTest.class.getResource("/" + directory).toURI());
      try (Stream<Path> files = Files.walk(root)) {
        List<byte[]> seeds = new ArrayList<>();
        for (Path file : files.filter(f -> f.toString().endsWith(suffix)).sorted().toList()) {
          seeds.add(Files.readAllBytes(file));
        }
        return seeds;
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
