package dev.floxj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code floxj} command: only subcommands, help and version. Its subcommands are not
 * in this annotation but registered by {@link Subcommands}, which builds only the ones a run needs.
 */
@Command(
    name = "floxj",
    mixinStandardHelpOptions = true,
    versionProvider = FloxjCommand.Version.class,
    description = {
      "Turns flox environments into reproducible container images, and makes them without flox.",
      "General options (-v, -q, --debug) may also stand before the command: floxj -v containerize."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj init && floxj install hello    an environment with nixpkgs' hello",
      "  floxj containerize | docker load     its image, into Docker",
      "  floxj containerize --help            every option of a command",
      "",
      "Exit status: 0 success, 1 failure, 2 wrong command line (unknown option, bad value)."
    })
final class FloxjCommand implements Runnable {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Mixin VerbosityOptions verbosity = new VerbosityOptions();

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command, e.g. containerize.");
  }

  /** floxj's version, filtered into a resource by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties properties = new Properties();
      try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
        properties.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {"floxj " + properties.getProperty("version")};
    }
  }
}
