package io.prescale.app.policy;

import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.Target;
import io.prescale.collector.openwhisk.OpenWhiskSettings;
import io.prescale.core.spi.Providers;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.SourceCheck;
import io.prescale.policy.TargetCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;

/**
 * The loader the app uses: the registered names ({@link PolicyLoader#standard()}), each binding's
 * {@code target} checked by its adapter provider's own {@link AdapterProvider#validateTarget} (no
 * adapter is created), the {@code sources} section checked by each source's settings parser.
 */
final class PolicyLoaders {
  private PolicyLoaders() {}

  static PolicyLoader standard() {
    PolicyLoader loader = PolicyLoader.standard().withSourceCheck(sources());
    try {
      Map<String, AdapterProvider> providers = Providers.all(AdapterProvider.class);
      return loader.withTargetCheck(check(providers));
    } catch (RuntimeException | ServiceConfigurationError e) {
      return loader; // a broken adapter is reported by the adapter engine
    }
  }

  /** The {@code sources} the app runs: {@code openwhisk}, checked by its own settings parser. */
  static SourceCheck sources() {
    return new SourceCheck() {
      @Override
      public Set<String> names() {
        return Set.of(OpenWhiskSettings.NAME);
      }

      @Override
      public List<Problem> problems(String source, Map<String, String> settings) {
        List<Problem> out = new ArrayList<>();
        OpenWhiskSettings.problems(settings).forEach((k, m) -> out.add(new Problem(k, m)));
        return out;
      }
    };
  }

  static TargetCheck check(Map<String, AdapterProvider> providers) {
    return (adapter, target) -> {
      AdapterProvider p = providers.get(adapter);
      return p == null ? List.of() : p.validateTarget(Target.of(adapter, target));
    };
  }
}
