package io.prescale.adapter.engine;

import io.prescale.core.metrics.TopFunctions;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The engine's per-target series, read at scrape time:
 *
 * <ul>
 *   <li>{@code prescale_actual_instances{adapter,function}}: ready instances where the platform
 *       reports them, else the configured count, for targets whose count is known; only the {@link
 *       TopFunctions} busiest functions get their own series, the others are summed per adapter
 *       under {@code function="__other__"};
 *   <li>{@code prescale_adapter_targets}: targets tracked now, and {@code
 *       prescale_adapter_targets_max}: the bound ({@link EngineConfig#maxTargets()}); past it
 *       decisions for new targets are refused ({@code prescale_adapter_targets_rejected_total}).
 * </ul>
 *
 * Until {@link #rankBy} is called every function weighs the same (ties go by name).
 */
final class TargetSeries implements MultiCollector {
  private final Supplier<List<TargetStatus>> targets;
  private final int maxTargets;
  private volatile ToLongFunction<String> weight = f -> 0;
  private volatile int topN = TopFunctions.DEFAULT_N;

  TargetSeries(Supplier<List<TargetStatus>> targets, int maxTargets) {
    this.targets = targets;
    this.maxTargets = maxTargets;
  }

  void rankBy(ToLongFunction<String> weight, int topN) {
    this.topN = TopFunctions.checkN("topN", topN);
    this.weight = weight;
  }

  @Override
  public MetricSnapshots collect() {
    List<TargetStatus> all = targets.get();
    List<TargetStatus> known = new ArrayList<>();
    for (TargetStatus t : all) {
      if (t.ready() >= 0 || t.configured() >= 0) {
        known.add(t);
      }
    }
    List<String> names = new ArrayList<>(known.size());
    known.forEach(t -> names.add(t.function()));
    Set<String> top = TopFunctions.of(names, weight, topN);
    GaugeSnapshot.Builder actual =
        GaugeSnapshot.builder()
            .name("prescale_actual_instances")
            .help(
                "Instances the platform reports for a function's target (ready if known, else configured);"
                    + " the functions past the top-N cap summed under function=\"__other__\"");
    // several targets of one function on one adapter (its binding changed): the largest count
    Map<List<String>, Double> own =
        new TreeMap<>(
            Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
    Map<String, Double> other = new TreeMap<>();
    for (TargetStatus t : known) {
      double v = t.ready() >= 0 ? t.ready() : t.configured();
      if (top.contains(t.function())) {
        own.merge(List.of(t.adapter(), t.function()), v, Math::max);
      } else {
        other.merge(t.adapter(), v, Double::sum);
      }
    }
    own.forEach(
        (k, v) ->
            actual.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(TopFunctions.labelPairs(k.get(1), "adapter", k.get(0))))
                    .value(v)
                    .build()));
    other.forEach(
        (adapter, v) ->
            actual.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("adapter", adapter, "function", TopFunctions.OTHER))
                    .value(v)
                    .build()));
    return MetricSnapshots.of(
        actual.build(),
        gauge("prescale_adapter_targets", "Targets the scaling engine tracks now", all.size()),
        gauge(
            "prescale_adapter_targets_max",
            "Most targets the scaling engine tracks; decisions for more are refused",
            maxTargets));
  }

  private static GaugeSnapshot gauge(String name, String help, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
