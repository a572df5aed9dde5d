package io.prescale.core;

import java.util.Objects;

/**
 * Identity of one function as Prescale tracks it, e.g. {@code shop/checkout} or {@code resize}.
 * Keys are at most {@value #MAX_LENGTH} characters and never blank.
 */
public record FunctionKey(String value) implements Comparable<FunctionKey> {
  public static final int MAX_LENGTH = 512;

  public FunctionKey {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("function key must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "function key length = " + value.length() + ", must be in [1; " + MAX_LENGTH + "]");
    }
  }

  public static FunctionKey of(String value) {
    return new FunctionKey(value);
  }

  @Override
  public int compareTo(FunctionKey other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
