package io.prescale.app;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One line for a failure to start (a port in use, an address that is not this host's, a file that
 * cannot be read or written): the message of the outermost exception and, when it adds something,
 * the innermost cause's class and message. Never a stack trace: these are the operator's to fix.
 */
public final class StartupFailure {
  private StartupFailure() {}

  /** {@code outer message[: Cause: inner message]}, on one line. */
  public static String describe(Throwable t) {
    Throwable top = t;
    while ((top instanceof ExecutionException
            || top instanceof CompletionException
            || top instanceof InvocationTargetException)
        && top.getCause() != null) {
      top = top.getCause();
    }
    Throwable root = top;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String outer = message(top);
    String line = outer;
    if (root != top) {
      String inner = root.getMessage();
      if (inner == null || !outer.contains(inner)) {
        line = outer + ": " + message(root);
      }
    }
    return line.replace('\n', ' ').replace('\r', ' ');
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    String name = t.getClass().getSimpleName();
    if (m == null || m.isBlank()) {
      return name;
    }
    // the JDK's bare messages ("Address already in use") say more with their class
    return t instanceof IOException && !(t instanceof FileSystemException) ? name + ": " + m : m;
  }
}
