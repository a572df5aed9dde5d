package io.prescale.adapter.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Applies desired instance counts to targets of one kind (Deployments, Lambda aliases, ...). One
 * adapter instance serves every target bound to its name and is shared by many threads.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #apply} and {@link #read} never block the caller: they return a stage that the
 *       adapter's own I/O completes. Failures complete the stage exceptionally, preferably with an
 *       {@link AdapterException} whose {@link AdapterException.Kind} tells the engine whether and
 *       how to retry; other exceptions are classified by the engine (timeouts and I/O errors are
 *       retried, {@link IllegalArgumentException} is a rejection).
 *   <li>{@link #apply} is idempotent: applying the same count twice leaves the target as once. It
 *       does not clamp, retry, coalesce or skip no-ops: the engine does that, once, for every
 *       adapter.
 *   <li>{@link #read} reports what the platform is set to and, where it knows, how many instances
 *       are ready and the platform's own bounds; {@link ActualState#UNKNOWN} when it cannot read.
 * </ul>
 */
public interface ScalingAdapter extends AutoCloseable {

  /** The adapter's name, as in the policy's {@code adapter: {name: ...}}. */
  String name();

  /** Problems with a binding target (missing or malformed keys); empty when it is usable. */
  default List<String> validate(Target target) {
    return List.of();
  }

  /**
   * The target a decision for {@code function} goes to, given the binding's {@code target} map
   * (which has no {@code function} key; the engine asks only then). By default the map itself, or
   * {@code {function: KEY}} when it is empty (one target per function: dry-run, keda). An adapter
   * whose platform names functions differently derives the name here, from the key or from the
   * function's resource {@code labels} (read only when needed).
   */
  default Map<String, String> targetFor(
      Map<String, String> target, String function, Supplier<Map<String, String>> labels) {
    return target.isEmpty() ? Map.of("function", function) : target;
  }

  /** Sets the target to {@code desired.instances()}. */
  CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired);

  /**
   * True when {@link #apply} only changes what this process serves to a platform that pulls it
   * (KEDA's external scaler), and touches nothing outside: in cluster mode every replica then
   * applies the owners' decisions too, so whichever replica the platform reaches answers. False
   * (the default) for adapters that call the platform: only the function's owner may.
   */
  default boolean servesPulledState() {
    return false;
  }

  /** Reads the target's actual state. */
  CompletionStage<ActualState> read(Target target);

  /** Releases clients, servers and threads. */
  @Override
  default void close() {}
}
