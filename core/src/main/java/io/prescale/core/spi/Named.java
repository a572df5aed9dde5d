package io.prescale.core.spi;

/** Something found by name through {@link Providers}. */
public interface Named {
  /** The name users write in policies and on the command line, lower-case with dashes. */
  String name();
}
