package io.prescale.app;

import picocli.CommandLine;

/** Entry point of {@code prescale}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = PrescaleCommand.commandLine().execute(args);
    if (code != 0 || !PrescaleCommand.keepsRunning(args)) {
      System.exit(code);
    }
  }
}
