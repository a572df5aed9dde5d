package io.prescale.adapter.engine;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.TimeSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Creates each adapter once, on first use, from its {@link AdapterProvider} (found by name) and its
 * adapter-level settings; closes them all at the end. Thread-safe.
 */
public final class AdapterRegistry implements AutoCloseable {
  private final Function<String, AdapterProvider> providers;
  private final Function<String, Map<String, String>> settings;
  private final TimeSource time;
  private final Map<String, ScalingAdapter> created = new LinkedHashMap<>();
  private UnaryOperator<ScalingAdapter> wrap = UnaryOperator.identity();

  /**
   * @param providers finds a provider by name (production: {@code n ->
   *     Providers.find(AdapterProvider.class, n)})
   * @param settings adapter-level settings by adapter name
   */
  public AdapterRegistry(
      Function<String, AdapterProvider> providers,
      Function<String, Map<String, String>> settings,
      TimeSource time) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.time = Objects.requireNonNull(time, "time");
  }

  /** Providers from {@code META-INF/services}. */
  public static AdapterRegistry fromServiceLoader(
      Function<String, Map<String, String>> settings, TimeSource time) {
    return new AdapterRegistry(n -> Providers.find(AdapterProvider.class, n), settings, time);
  }

  /**
   * Providers from {@code META-INF/services}, each adapter wrapped by {@code wrap} once created (in
   * cluster mode: fenced, so only the function's owner scales it).
   */
  public static AdapterRegistry fromServiceLoader(
      Function<String, Map<String, String>> settings,
      TimeSource time,
      UnaryOperator<ScalingAdapter> wrap) {
    AdapterRegistry r = fromServiceLoader(settings, time);
    r.wrap = Objects.requireNonNull(wrap, "wrap");
    return r;
  }

  /** A registry holding ready-made adapters only (tests). */
  public static AdapterRegistry of(ScalingAdapter... adapters) {
    AdapterRegistry r =
        new AdapterRegistry(
            n -> {
              throw new IllegalArgumentException("AdapterProvider '" + n + "' is not known");
            },
            n -> Map.of(),
            TimeSource.system());
    for (ScalingAdapter a : adapters) {
      r.created.put(a.name(), a);
    }
    return r;
  }

  /** The adapter called {@code name}; throws IllegalArgumentException listing known names. */
  public synchronized ScalingAdapter get(String name) {
    ScalingAdapter a = created.get(name);
    if (a == null) {
      AdapterProvider p = providers.apply(name);
      a = wrap.apply(p.create(new AdapterContext(name, settings.apply(name), time)));
      created.put(name, a);
    }
    return a;
  }

  @Override
  public synchronized void close() {
    for (ScalingAdapter a : created.values()) {
      try {
        a.close();
      } catch (Exception e) {
        // closing is best effort; one adapter's failure must not keep others open
      }
    }
    created.clear();
  }
}
