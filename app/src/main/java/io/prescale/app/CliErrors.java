package io.prescale.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code prescale} command reports what stops it, each as one line on stderr with exit
 * code 2 ({@link #USAGE}) and no stack trace: a bad option or value ({@code prescale run: --bind =
 * ...}), an unknown command, even with {@code --help} after it ({@code prescale: unknown command
 * 'fo'; commands: ...}), and an exception out of a command, which at start is the operator's to fix
 * (a port in use, an unreadable file; {@link StartupFailure#describe}).
 */
final class CliErrors {
  static final int USAGE = 2;

  private CliErrors() {}

  static CommandLine install(CommandLine cl) {
    cl.setParameterExceptionHandler(CliErrors::parameter);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println(path(cmd) + ": " + StartupFailure.describe(e));
          err.flush();
          return USAGE;
        });
    CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
    cl.setExecutionStrategy(
        parsed -> {
          // picocli executes --help even when an argument before it matched nothing: refuse that
          for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
              throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
          }
          return run.execute(parsed);
        });
    return cl;
  }

  static int parameter(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(path(cmd) + ": " + message(e, cmd));
    err.flush();
    return USAGE;
  }

  private static String message(ParameterException e, CommandLine cmd) {
    if (e instanceof UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()) {
      List<String> unmatched = u.getUnmatched();
      if (!unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
        return "unknown command '"
            + unmatched.get(0)
            + "'; commands: "
            + String.join(", ", cmd.getSubcommands().keySet())
            + " (see '"
            + path(cmd)
            + " --help')";
      }
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replace('\n', ' ') + " (see '" + path(cmd) + " --help')";
  }

  private static String path(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }
}
