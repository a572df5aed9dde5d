package io.prescale.app;

import io.prescale.app.demo.DemoCommand;
import io.prescale.app.export.ExportCommand;
import io.prescale.app.policy.PolicyCommand;
import io.prescale.app.shadow.ReportCommand;
import io.prescale.app.simulate.SimulateCommand;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code prescale}: the root command; each subcommand lives in its own class. */
@Command(
    name = "prescale",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Observability and predictive autoscaling control plane for serverless workloads.",
    subcommands = {CommandLine.HelpCommand.class})
final class PrescaleCommand implements Runnable {
  /**
   * Subcommands whose process stays up after execute() returns (servers). {@code demo} blocks in
   * call() until --duration or Ctrl-C, so the process exits when it returns.
   */
  private static final Set<String> LONG_RUNNING = Set.of("run");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new PrescaleCommand());
    // One line per subcommand; keep the list sorted.
    cl.addSubcommand(new DemoCommand());
    cl.addSubcommand(new ExportCommand());
    cl.addSubcommand(new PolicyCommand());
    cl.addSubcommand(new ReportCommand());
    cl.addSubcommand(new RunCommand());
    cl.addSubcommand(new SimulateCommand());
    return CliErrors.install(cl);
  }

  static boolean keepsRunning(String[] args) {
    return args.length > 0 && LONG_RUNNING.contains(args[0]);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
