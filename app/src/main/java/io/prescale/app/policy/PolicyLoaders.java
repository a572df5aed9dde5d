package io.prescale.app.policy;

import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.Target;
import io.prescale.core.spi.Providers;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.TargetCheck;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;

/**
 * The loader the app uses: the registered names ({@link PolicyLoader#standard()}), each binding's
 * {@code target} checked by its adapter provider's own {@link AdapterProvider#validateTarget} (no
 * adapter is created).
 */
final class PolicyLoaders {
  private PolicyLoaders() {}

  static PolicyLoader standard() {
    PolicyLoader loader = PolicyLoader.standard();
    try {
      Map<String, AdapterProvider> providers = Providers.all(AdapterProvider.class);
      return loader.withTargetCheck(check(providers));
    } catch (RuntimeException | ServiceConfigurationError e) {
      return loader; // a broken adapter is reported by the adapter engine
    }
  }

  static TargetCheck check(Map<String, AdapterProvider> providers) {
    return (adapter, target) -> {
      AdapterProvider p = providers.get(adapter);
      return p == null ? List.of() : p.validateTarget(Target.of(adapter, target));
    };
  }
}
