package io.prescale.app.policy;

import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.core.spi.Providers;
import io.prescale.policy.PolicyLoader;
import java.util.ServiceConfigurationError;

/** The loader the app uses: the standard names plus every adapter registered on the class path. */
final class PolicyLoaders {
  private PolicyLoaders() {}

  static PolicyLoader standard() {
    PolicyLoader loader = PolicyLoader.standard();
    try {
      return loader.withAdapters(Providers.all(AdapterProvider.class).keySet());
    } catch (RuntimeException | ServiceConfigurationError e) {
      return loader; // a broken adapter is reported by the adapter engine; the known names still apply
    }
  }
}
