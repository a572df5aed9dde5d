package io.prescale.app.imports;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code prescale import}: write policy files from other tools' descriptions. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Write a Prescale policy from another tool's description of the same functions.",
      "Exit codes: 0 written, 2 a problem in the input or bad arguments."
    },
    subcommands = {ImportServerlessCommand.class})
public final class ImportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
