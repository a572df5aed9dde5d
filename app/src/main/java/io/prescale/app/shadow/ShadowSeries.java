package io.prescale.app.shadow;

import io.prescale.core.metrics.TopFunctions;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Shadow mode in /metrics, read from the {@link ShadowLedger} at scrape time:
 *
 * <ul>
 *   <li>{@code prescale_shadow_cold_starts_total{function, source}}: {@code source="platform"} the
 *       cold starts the platform reported, {@code source="prescale"} the estimate of those
 *       Prescale's decisions would have had;
 *   <li>{@code prescale_shadow_instance_seconds_total{function, source}}: instances seen on the
 *       platform, or decided by Prescale, x time;
 *   <li>{@code prescale_shadow_functions}: functions in shadow mode; {@code
 *       prescale_shadow_functions_refused_total}: past the ledger's bound ({@value
 *       ShadowLedger#MAX_FUNCTIONS}).
 * </ul>
 *
 * Per-function series are capped like every function series: the {@code topN} busiest get their
 * own, the rest are summed under {@code function="__other__"}.
 */
final class ShadowSeries implements MultiCollector {
  static final String PLATFORM = "platform";
  static final String PRESCALE = "prescale";

  private final ShadowLedger ledger;
  private final ToLongFunction<String> weight;
  private final int topN;

  ShadowSeries(ShadowLedger ledger, ToLongFunction<String> weight, int topN) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.weight = Objects.requireNonNull(weight, "weight");
    this.topN = TopFunctions.checkN("topN", topN);
  }

  @Override
  public MetricSnapshots collect() {
    List<ShadowLedger.Totals> totals = ledger.totals();
    List<String> names = new ArrayList<>(totals.size());
    totals.forEach(t -> names.add(t.function().value()));
    Set<String> top = TopFunctions.of(names, weight, topN);
    CounterSnapshot.Builder cold =
        CounterSnapshot.builder()
            .name("prescale_shadow_cold_starts")
            .help(
                "Shadow-mode functions: cold starts the platform reported (source=platform) and"
                    + " the estimate of those Prescale's decisions would have had (source=prescale)");
    CounterSnapshot.Builder seconds =
        CounterSnapshot.builder()
            .name("prescale_shadow_instance_seconds")
            .help(
                "Shadow-mode functions: instances seen serving on the platform (source=platform)"
                    + " or decided by Prescale (source=prescale), x seconds");
    double[] other = new double[4];
    boolean anyOther = false;
    for (ShadowLedger.Totals t : totals) {
      if (!top.contains(t.function().value())) {
        anyOther = true;
        other[0] += t.observedColdStarts();
        other[1] += t.wouldColdStarts();
        other[2] += t.observedInstanceSeconds();
        other[3] += t.wouldInstanceSeconds();
        continue;
      }
      String f = t.function().value();
      cold.dataPoint(counter(f, PLATFORM, t.observedColdStarts()));
      cold.dataPoint(counter(f, PRESCALE, t.wouldColdStarts()));
      seconds.dataPoint(counter(f, PLATFORM, t.observedInstanceSeconds()));
      seconds.dataPoint(counter(f, PRESCALE, t.wouldInstanceSeconds()));
    }
    if (anyOther) {
      cold.dataPoint(counter(TopFunctions.OTHER, PLATFORM, other[0]));
      cold.dataPoint(counter(TopFunctions.OTHER, PRESCALE, other[1]));
      seconds.dataPoint(counter(TopFunctions.OTHER, PLATFORM, other[2]));
      seconds.dataPoint(counter(TopFunctions.OTHER, PRESCALE, other[3]));
    }
    GaugeSnapshot functions =
        GaugeSnapshot.builder()
            .name("prescale_shadow_functions")
            .help("Functions decided in shadow mode (recorded, never actuated)")
            .dataPoint(GaugeDataPointSnapshot.builder().value(ledger.size()).build())
            .build();
    CounterSnapshot refused =
        CounterSnapshot.builder()
            .name("prescale_shadow_functions_refused")
            .help(
                "Shadow-mode functions not accounted because "
                    + ShadowLedger.MAX_FUNCTIONS
                    + " already were")
            .dataPoint(CounterDataPointSnapshot.builder().value(ledger.refused()).build())
            .build();
    return MetricSnapshots.of(cold.build(), seconds.build(), functions, refused);
  }

  private static CounterDataPointSnapshot counter(String function, String source, double v) {
    return CounterDataPointSnapshot.builder()
        .labels(Labels.of(TopFunctions.labelPairs(function, "source", source)))
        .value(v)
        .build();
  }
}
