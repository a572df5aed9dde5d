package io.prescale.app;

import picocli.CommandLine;

/** Entry point of {@code prescale}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    io.prescale.app.logs.Logs.install(io.prescale.app.logs.LogFormat.TEXT); // one line per event
    int code = PrescaleCommand.commandLine().execute(args);
    if (code != 0 || !PrescaleCommand.keepsRunning(args)) {
      System.exit(code);
    }
  }
}
