package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code floxj completion bash|zsh|fish}: the shell completion script, generated from the same
 * command model that parses the command line, so it knows every subcommand and option.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a shell completion script for floxj: all commands, options and choices.",
      "bash: source <(floxj completion bash), or save it as"
          + " ~/.local/share/bash-completion/completions/floxj. zsh: save it as _floxj in a directory of"
          + " $fpath, or source it. fish: floxj completion fish > ~/.config/fish/completions/floxj.fish."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj completion bash > ~/.local/share/bash-completion/completions/floxj",
      "  floxj completion fish > ~/.config/fish/completions/floxj.fish"
    })
final class CompletionCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(paramLabel = "bash|zsh|fish", completionCandidates = ShellCompletion.Shells.class, description = "The shell.")
  private String shell;

  @Spec private CommandLine.Model.CommandSpec spec;

  CompletionCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    String script;
    try {
      script = ShellCompletion.script(shell, spec.root().commandLine());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintStream out = new PrintStream(invocation.stdout(), true, StandardCharsets.UTF_8);
    out.print(script);
    out.flush();
    return 0;
  }
}
