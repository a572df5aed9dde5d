package io.prescale.autoscaler.forecast;

import io.prescale.core.spi.Providers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Looks forecast model providers up by name ({@link java.util.ServiceLoader}). */
public final class ForecastModels {
  /** Default competition order: the cheapest robust model first (it serves during warm-up). */
  public static final List<String> DEFAULT_ORDER =
      List.of(
          EwmaModelProvider.NAME,
          LinearTrendModelProvider.NAME,
          HoltWintersModelProvider.NAME,
          SeasonalNaiveModelProvider.NAME);

  private static volatile Map<String, ForecastModelProvider> cache;

  private ForecastModels() {}

  /** Every registered provider by name. */
  public static Map<String, ForecastModelProvider> all() {
    Map<String, ForecastModelProvider> m = cache;
    if (m == null) {
      m = Map.copyOf(Providers.all(ForecastModelProvider.class));
      cache = m;
    }
    return m;
  }

  /**
   * The providers called {@code names} in that order, or every registered one (default order first)
   * when {@code names} is empty. The error names the unknown model and the known ones.
   */
  public static List<ForecastModelProvider> select(List<String> names) {
    Map<String, ForecastModelProvider> known = all();
    List<ForecastModelProvider> out = new ArrayList<>();
    if (names.isEmpty()) {
      for (String n : DEFAULT_ORDER) {
        if (known.containsKey(n)) {
          out.add(known.get(n));
        }
      }
      known.keySet().stream()
          .sorted()
          .filter(n -> !DEFAULT_ORDER.contains(n))
          .forEach(n -> out.add(known.get(n)));
      return out;
    }
    for (String n : names) {
      ForecastModelProvider p = known.get(n);
      if (p == null) {
        throw new IllegalArgumentException(
            "forecast model '"
                + n
                + "' is not known; known: "
                + String.join(", ", known.keySet().stream().sorted().toList()));
      }
      out.add(p);
    }
    return out;
  }
}
