package io.prescale.policy;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import java.time.Instant;
import java.util.Map;

/**
 * Where the autoscaler loop gets each function's spec at each tick. Implementations are thread-safe
 * and cheap (no I/O, no allocation beyond a lookup): {@link Policy} itself, and {@link
 * PolicyWatcher}, which always answers from the last good policy of a file.
 */
@FunctionalInterface
public interface PolicyProvider {

  /**
   * The flat spec {@code function} (with its resource {@code labels}) is decided with at {@code
   * now}.
   */
  DeciderSpec specFor(FunctionKey function, Map<String, String> labels, Instant now);

  /** Built-in defaults ({@link DeciderSpec#defaults()}) for every function: no policy file. */
  static PolicyProvider builtIn() {
    return Policy.builtIn();
  }
}
