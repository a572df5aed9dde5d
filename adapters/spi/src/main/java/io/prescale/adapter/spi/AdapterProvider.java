package io.prescale.adapter.spi;

import io.prescale.core.spi.Named;

/**
 * Creates a {@link ScalingAdapter}; registered in
 * {@code META-INF/services/io.prescale.adapter.spi.AdapterProvider} and found by
 * {@link #name()} through {@link io.prescale.core.spi.Providers#find}, as OpenTelemetry finds
 * exporters.
 */
public interface AdapterProvider extends Named {

  /** A new adapter configured from adapter-level settings; fails fast naming a bad setting. */
  ScalingAdapter create(AdapterContext context);
}
