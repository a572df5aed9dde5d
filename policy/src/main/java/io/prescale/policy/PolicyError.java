package io.prescale.policy;

import java.util.Comparator;
import java.util.Objects;

/**
 * One problem in a policy file: where it is, which key, and what is wrong with it.
 *
 * @param file the file name as given to the loader
 * @param line 1-based line, 0 when the problem has no position (e.g. the file is missing)
 * @param column 1-based column, 0 when unknown
 * @param path key path such as {@code policies[0].schedules[1].minInstances}; empty for the file
 * @param message what is wrong, naming the bad value and what is allowed
 */
public record PolicyError(String file, int line, int column, String path, String message) {
  static final Comparator<PolicyError> BY_POSITION =
      Comparator.comparingInt(PolicyError::line)
          .thenComparingInt(PolicyError::column)
          .thenComparing(PolicyError::path)
          .thenComparing(PolicyError::message);

  public PolicyError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /**
   * {@code file:line:column: path = value, must be ...} or {@code file:line:column: path: message}.
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line).append(':').append(column);
    }
    b.append(": ");
    if (!path.isEmpty()) {
      b.append(path).append(message.startsWith("= ") ? " " : ": ");
    }
    return b.append(message).toString();
  }
}
