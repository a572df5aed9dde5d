package io.prescale.adapter.spi;

import io.prescale.core.spi.Named;
import java.util.List;

/**
 * Creates a {@link ScalingAdapter}; registered in {@code
 * META-INF/services/io.prescale.adapter.spi.AdapterProvider} and found by {@link #name()} through
 * {@link io.prescale.core.spi.Providers#find}, as OpenTelemetry finds exporters.
 */
public interface AdapterProvider extends Named {

  /** A new adapter configured from adapter-level settings; fails fast naming a bad setting. */
  ScalingAdapter create(AdapterContext context);

  /**
   * Problems with a binding target as a policy writes it, found without creating the adapter (no
   * client, no server, no credentials): {@code prescale policy validate} and the start of {@code
   * prescale run} call it. Each problem names the adapter, the key and the value; empty when the
   * target is usable. The adapter's own {@link ScalingAdapter#validate} applies the same rules to
   * the target the engine completes (for example a target filled from the function).
   */
  default List<String> validateTarget(Target target) {
    return List.of();
  }
}
