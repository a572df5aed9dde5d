package io.prescale.app;

import io.prescale.app.logs.LogFormat;
import io.prescale.app.logs.Logs;

/** Entry point of {@code prescale}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Logs.install(LogFormat.TEXT); // one line per event
    int code = PrescaleCommand.commandLine().execute(args);
    if (code != 0 || !PrescaleCommand.keepsRunning(args)) {
      System.exit(code);
    }
  }
}
