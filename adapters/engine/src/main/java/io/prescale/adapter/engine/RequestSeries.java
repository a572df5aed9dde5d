package io.prescale.adapter.engine;

import io.prescale.core.metrics.TopFunctions;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.ToLongFunction;

/**
 * {@code prescale_adapter_requests_total{adapter,function,namespace,outcome}}: adapter calls and
 * skipped no-ops per function, read at scrape time. Only the {@link TopFunctions} busiest functions
 * (the same ranking as every per-function series) get their own {@code function} label; the others
 * are summed per adapter and outcome under {@code function="__other__"}. A count is two map lookups
 * and an atomic increment (every function's no-op at every tick comes through here); memory is one
 * small array per adapter and function ever counted.
 */
final class RequestSeries implements MultiCollector {
  static final List<String> OUTCOMES = List.of("noop", "scaled", "rejected", "failed", "retry");

  private final Map<String, Map<String, AtomicLongArray>> counts = new ConcurrentHashMap<>();
  private volatile ToLongFunction<String> weight = f -> 0;
  private volatile int topN = TopFunctions.DEFAULT_N;

  void rankBy(ToLongFunction<String> weight, int topN) {
    this.topN = TopFunctions.checkN("topN", topN);
    this.weight = weight;
  }

  /**
   * One request of {@code adapter} for {@code function} (empty or null: none known) ended as {@code
   * outcome}.
   */
  void count(String adapter, String function, String outcome) {
    int i = OUTCOMES.indexOf(outcome);
    if (i < 0) {
      throw new IllegalArgumentException(
          "adapter request outcome = " + outcome + ", must be one of " + OUTCOMES);
    }
    String fn = function == null || function.isEmpty() ? TopFunctions.OTHER : function;
    Map<String, AtomicLongArray> byFunction = counts.get(adapter);
    if (byFunction == null) {
      byFunction = counts.computeIfAbsent(adapter, a -> new ConcurrentHashMap<>());
    }
    AtomicLongArray c = byFunction.get(fn);
    if (c == null) {
      c = byFunction.computeIfAbsent(fn, f -> new AtomicLongArray(OUTCOMES.size()));
    }
    c.incrementAndGet(i);
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder b =
        CounterSnapshot.builder()
            .name("prescale_adapter_requests")
            .help(
                "Adapter calls and skipped no-ops by outcome, per function (the busiest functions; the rest summed"
                    + " under function=\"__other__\")");
    new TreeMap<>(counts)
        .forEach(
            (adapter, byFunction) -> {
              List<String> named = new ArrayList<>(byFunction.keySet());
              named.remove(TopFunctions.OTHER); // requests with no function known are always summed
              Set<String> top = TopFunctions.of(named, weight, topN);
              long[] other = new long[OUTCOMES.size()];
              boolean anyOther = false;
              for (Map.Entry<String, AtomicLongArray> e : new TreeMap<>(byFunction).entrySet()) {
                boolean own = top.contains(e.getKey());
                for (int i = 0; i < OUTCOMES.size(); i++) {
                  long v = e.getValue().get(i);
                  if (own && v > 0) {
                    b.dataPoint(
                        point(
                            TopFunctions.labelPairs(
                                e.getKey(), "adapter", adapter, "outcome", OUTCOMES.get(i)),
                            v));
                  } else if (!own) {
                    other[i] += v;
                    anyOther = true;
                  }
                }
              }
              for (int i = 0; anyOther && i < OUTCOMES.size(); i++) {
                if (other[i] > 0) {
                  b.dataPoint(
                      point(
                          new String[] {
                            "adapter",
                            adapter,
                            "outcome",
                            OUTCOMES.get(i),
                            "function",
                            TopFunctions.OTHER
                          },
                          other[i]));
                }
              }
            });
    return MetricSnapshots.of(b.build());
  }

  private static CounterDataPointSnapshot point(String[] labels, long value) {
    return CounterDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
  }
}
