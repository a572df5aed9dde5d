package io.prescale.app.autoscale;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code prescale_decision_duration_seconds{decider}}: the time of each function's decision (one
 * {@code decide} call), classic buckets from 1 us to 100 ms. Measured by wrapping every {@link
 * DeciderProvider} handed to the loop, with the {@link TimeSource}'s monotonic clock.
 */
final class DecisionTiming {
  static final String NAME = "prescale_decision_duration_seconds";

  private final Histogram seconds;
  private final TimeSource time;

  DecisionTiming(PrometheusRegistry registry, TimeSource time) {
    this.time = Objects.requireNonNull(time, "time");
    seconds =
        Histogram.builder()
            .name(NAME)
            .help("Time of one function's decision (one decide call of its decider), by decider")
            .labelNames("decider")
            .classicOnly()
            .classicUpperBounds(
                0.000001, 0.0000025, 0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1)
            .register(Objects.requireNonNull(registry, "registry"));
  }

  /** The same providers, each making deciders whose calls are timed. */
  Map<String, DeciderProvider> wrap(Map<String, DeciderProvider> providers) {
    Map<String, DeciderProvider> out = new HashMap<>();
    providers.forEach((name, p) -> out.put(name, new Timed(p)));
    return out;
  }

  private final class Timed implements DeciderProvider {
    private final DeciderProvider delegate;

    Timed(DeciderProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Decider create(FunctionKey function, DeciderSpec spec) {
      Decider d = Objects.requireNonNull(delegate.create(function, spec), "decider");
      var child = seconds.labelValues(delegate.name());
      return new Decider() {
        @Override
        public ScaleDecision decide(DeciderSpec s, Observation observation, long now) {
          long start = time.nanoTime();
          try {
            return d.decide(s, observation, now);
          } finally {
            child.observe((time.nanoTime() - start) / 1e9);
          }
        }

        @Override
        public long quietUntilNanos() {
          return d.quietUntilNanos(); // the loop skips the function on it
        }
      };
    }
  }
}
