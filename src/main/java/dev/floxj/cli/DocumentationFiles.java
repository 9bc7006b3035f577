package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Run by the build ({@code ./mvnw package}): writes the completion scripts and man pages of the
 * release archive from the command model, {@code completions/} and {@code man/man1/} under the
 * directory given.
 */
public final class DocumentationFiles {
  private DocumentationFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: DocumentationFiles OUTPUT-DIRECTORY");
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
  }
}
