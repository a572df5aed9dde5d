package io.prescale.testkafka;

import java.util.logging.LogManager;

/**
 * The child JVM's {@code java.util.logging.manager}: the JDK's LogManager closes every handler in
 * its own shutdown hook, so whatever the broker logs in its shutdown hook (after SIGTERM) would be
 * lost; this one keeps the handlers when the JDK's hook resets it.
 */
public final class ChildLogManager extends LogManager {
  @Override
  public void reset() {
    if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
      return; // LogManager$Cleaner, the JDK's shutdown hook
    }
    super.reset();
  }
}
