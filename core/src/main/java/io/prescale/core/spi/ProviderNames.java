package io.prescale.core.spi;

import java.util.Collections;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registered names of one kind of provider, for modules that cannot see that provider's
 * interface: the policy loader checks adapter and forecast model names with these. The module that
 * defines a provider interface registers one implementation in {@code
 * META-INF/services/io.prescale.core.spi.ProviderNames} whose {@link #names()} reads the
 * interface's own registrations through {@link Providers}, so each name is written once.
 */
public interface ProviderNames {
  /** {@link #kind()} of adapter names. */
  String ADAPTER = "adapter";

  /** {@link #kind()} of forecast model names. */
  String FORECAST_MODEL = "forecast model";

  /** What the names are of: {@link #ADAPTER}, {@link #FORECAST_MODEL}. */
  String kind();

  /** The registered names. */
  Set<String> names();

  /** Every registered name of {@code kind}, sorted; empty when no module registers that kind. */
  static Set<String> of(String kind) {
    Set<String> out = new TreeSet<>();
    for (ProviderNames p :
        ServiceLoader.load(ProviderNames.class, ProviderNames.class.getClassLoader())) {
      if (p.kind().equals(kind)) {
        out.addAll(p.names());
      }
    }
    return Collections.unmodifiableSet(out);
  }
}
