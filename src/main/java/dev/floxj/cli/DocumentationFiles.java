package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Run by the build ({@code ./mvnw package}) on the shaded jar: writes the completion scripts and
 * man pages of the release archive from the command model ({@code completions/}, {@code
 * man/man1/} under the directory given), and its NOTICE: the project's, followed by the bundled
 * libraries' notices, which the shade plugin merged into the jar's {@code META-INF/NOTICE}.
 */
public final class DocumentationFiles {
  private DocumentationFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: DocumentationFiles OUTPUT-DIRECTORY PROJECT-NOTICE");
      System.exit(2);
    }
    Path output = Path.of(args[0]);
    Invocation nowhere =
        new Invocation(new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of(), false, Path.of("").toAbsolutePath());
    CommandLine floxj = Main.commandModel(nowhere);
    Path completions = Files.createDirectories(output.resolve("completions"));
    Files.writeString(completions.resolve("floxj.bash"), ShellCompletion.script("bash", floxj));
    Files.writeString(completions.resolve("_floxj"), ShellCompletion.script("zsh", floxj));
    Files.writeString(completions.resolve("floxj.fish"), ShellCompletion.script("fish", floxj));
    Path man = Files.createDirectories(output.resolve("man").resolve("man1"));
    String version = new FloxjCommand.Version().getVersion()[0];
    for (Map.Entry<String, String> page : ManPages.all(floxj, version).entrySet()) {
      Files.writeString(man.resolve(page.getKey()), page.getValue());
    }
    StringBuilder notice = new StringBuilder(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
    try (InputStream bundled = DocumentationFiles.class.getResourceAsStream("/META-INF/NOTICE")) {
      if (bundled != null) {
        notice.append("\n").append(new String(bundled.readAllBytes(), StandardCharsets.UTF_8).strip()).append('\n');
      }
    }
    Files.writeString(output.resolve("NOTICE"), notice);
  }
}
