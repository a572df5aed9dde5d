package io.prescale.app.policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code prescale policy}: check and explain scaling policy files. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = {
      "Check and explain scaling policy files (YAML; see docs/policy.md).",
      "Exit codes: 0 valid, 2 invalid file or bad arguments."
    },
    subcommands = {
      ValidatePolicyCommand.class,
      ExplainPolicyCommand.class,
      SchemaPolicyCommand.class
    })
public final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
