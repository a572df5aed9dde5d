package io.prescale.policy;

import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ForecastSpec;
import io.prescale.core.time.Durations;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting a policy layer (built-in, defaults, rule, schedule) can give, with its YAML path,
 * type, allowed range and where it lives in {@link DeciderSpec}. The order is the order in which
 * {@code explain} prints settings.
 */
enum Setting {
  MODE("mode", Kind.MODE, null, DeciderSpec::mode, "Decider that scales the function."),
  MIN_INSTANCES(
      "minInstances",
      Kind.INT,
      Range.closed(0, Integer.MAX_VALUE),
      DeciderSpec::minInstances,
      "Floor of instances; must be <= maxInstances."),
  MAX_INSTANCES(
      "maxInstances",
      Kind.INT,
      Range.closed(1, Integer.MAX_VALUE),
      DeciderSpec::maxInstances,
      "Ceiling of instances."),
  PER_INSTANCE_CONCURRENCY(
      "perInstanceConcurrency",
      Kind.INT,
      Range.closed(1, 10_000),
      DeciderSpec::perInstanceConcurrency,
      "Requests one instance serves at once."),
  TARGET_UTILIZATION(
      "targetUtilization",
      Kind.DOUBLE,
      Range.of(0, false, 1, true),
      DeciderSpec::targetUtilization,
      "Share of perInstanceConcurrency to aim at, {range}."),
  COLD_START_BUDGET(
      "coldStartBudget",
      Kind.DOUBLE,
      Range.of(0, false, 1, false),
      DeciderSpec::coldStartBudget,
      "Share of invocations allowed to start cold, {range}."),
  SCALE_TO_ZERO_ENABLED(
      "scaleToZero.enabled",
      Kind.BOOL,
      null,
      DeciderSpec::scaleToZero,
      "Whether the function may go to zero instances."),
  SCALE_TO_ZERO_GRACE(
      "scaleToZero.grace",
      Kind.DURATION,
      Range.durations(Duration.ZERO, true, Duration.ofHours(1)),
      DeciderSpec::scaleToZeroGrace,
      "Idle time past the stable window before going to zero, {range}."),
  MAX_SCALE_UP_RATE(
      "maxScaleUpRate",
      Kind.DOUBLE,
      Range.of(1, false, Range.INF, false),
      DeciderSpec::maxScaleUpRate,
      "At most ceil(rate x ready) instances after one tick, {range}."),
  MAX_SCALE_DOWN_RATE(
      "maxScaleDownRate",
      Kind.DOUBLE,
      Range.of(1, false, Range.INF, false),
      DeciderSpec::maxScaleDownRate,
      "At least floor(ready / rate) instances after one tick, {range}."),
  STABLE_WINDOW(
      "window.stable",
      Kind.DURATION,
      Range.durations(Duration.ofSeconds(6), true, Duration.ofHours(1)),
      DeciderSpec::stableWindow,
      "Stable window, {range}."),
  PANIC_PERCENTAGE(
      "window.panicPercentage",
      Kind.DOUBLE,
      Range.closed(1, 100),
      DeciderSpec::panicWindowPercentage,
      "Panic window as a percentage of the stable window, {range}."),
  PANIC_THRESHOLD(
      "window.panicThreshold",
      Kind.DOUBLE,
      Range.closed(110, 1000),
      DeciderSpec::panicThresholdPercentage,
      "Panic when panic-window demand reaches this percentage of ready capacity, {range}."),
  KEEP_ALIVE(
      "keepAlive",
      Kind.DURATION,
      Range.durations(Duration.ZERO, true, Duration.ofHours(24)),
      DeciderSpec::keepAlive,
      "How long an idle instance is kept warm (keep-alive modes), {range}."),
  TICK(
      "tick",
      Kind.DURATION,
      Range.durations(Duration.ofSeconds(1), true, Duration.ofMinutes(5)),
      DeciderSpec::tick,
      "How often the function is decided, {range}."),
  FORECAST_MODELS(
      "forecast.models",
      Kind.NAMES,
      null,
      s -> s.forecast().models(),
      "Candidate models; empty: every registered model competes."),
  FORECAST_HORIZON(
      "forecast.horizon",
      Kind.AUTO_DURATION,
      Range.durations(Duration.ZERO, false, Duration.ofHours(24)),
      s -> s.forecast().horizon() == null ? Auto.AUTO : s.forecast().horizon(),
      "How far ahead to provision, {range}, or auto (derived from the cold-start time)."),
  FORECAST_QUANTILE(
      "forecast.quantile",
      Kind.AUTO_DOUBLE,
      Range.of(0, false, 1, false),
      s -> s.forecast().quantile() == null ? Auto.AUTO : s.forecast().quantile(),
      "Arrival quantile to provision for, {range}, or auto (derived from coldStartBudget)."),
  ADAPTER("adapter", Kind.ADAPTER, null, DeciderSpec::adapter, "Where decisions go.");

  /** The value types a setting can have. */
  enum Kind {
    MODE,
    INT,
    DOUBLE,
    BOOL,
    DURATION,
    NAMES,
    AUTO_DURATION,
    AUTO_DOUBLE,
    ADAPTER
  }

  /** "Let Prescale derive it": forecast horizon and quantile. */
  enum Auto {
    AUTO;

    @Override
    public String toString() {
      return "auto";
    }
  }

  /** What each group of nested settings is, for the JSON Schema. */
  static final Map<String, String> GROUPS =
      Map.of(
          "scaleToZero", "Whether and when the function may go to zero instances.",
          "window", "Averaging windows of the reactive path (Knative's stable and panic windows).",
          "forecast", "Settings of the predictive decider.");

  final String path;
  final Kind kind;
  final Range range;
  private final Function<DeciderSpec, Object> getter;
  private final String description;

  Setting(
      String path,
      Kind kind,
      Range range,
      Function<DeciderSpec, Object> getter,
      String description) {
    this.path = path;
    this.kind = kind;
    this.range = range;
    this.getter = getter;
    this.description = description;
  }

  /** One sentence for people (editors show it), with the allowed range. */
  String description() {
    return range == null ? description : description.replace("{range}", range.toString());
  }

  /** The group a nested setting sits in ({@code window} for {@code window.stable}), or null. */
  String group() {
    int dot = path.indexOf('.');
    return dot < 0 ? null : path.substring(0, dot);
  }

  /** The key inside its group, or the whole key. */
  String key() {
    return path.substring(path.indexOf('.') + 1);
  }

  /** This setting's value in {@code spec}. */
  Object of(DeciderSpec spec) {
    return getter.apply(spec);
  }

  /** Every setting's value in {@code spec}. */
  static EnumMap<Setting, Object> valuesOf(DeciderSpec spec) {
    EnumMap<Setting, Object> m = new EnumMap<>(Setting.class);
    for (Setting s : values()) {
      m.put(s, s.of(spec));
    }
    return m;
  }

  /** A spec from a complete value map; throws IllegalArgumentException like DeciderSpec does. */
  @SuppressWarnings("unchecked")
  static DeciderSpec toSpec(Map<Setting, Object> v, String rule) {
    Object horizon = v.get(FORECAST_HORIZON);
    Object quantile = v.get(FORECAST_QUANTILE);
    return DeciderSpec.builder()
        .mode((String) v.get(MODE))
        .minInstances((Integer) v.get(MIN_INSTANCES))
        .maxInstances((Integer) v.get(MAX_INSTANCES))
        .perInstanceConcurrency((Integer) v.get(PER_INSTANCE_CONCURRENCY))
        .targetUtilization((Double) v.get(TARGET_UTILIZATION))
        .coldStartBudget((Double) v.get(COLD_START_BUDGET))
        .scaleToZero((Boolean) v.get(SCALE_TO_ZERO_ENABLED))
        .scaleToZeroGrace((Duration) v.get(SCALE_TO_ZERO_GRACE))
        .maxScaleUpRate((Double) v.get(MAX_SCALE_UP_RATE))
        .maxScaleDownRate((Double) v.get(MAX_SCALE_DOWN_RATE))
        .stableWindow((Duration) v.get(STABLE_WINDOW))
        .panicWindowPercentage((Double) v.get(PANIC_PERCENTAGE))
        .panicThresholdPercentage((Double) v.get(PANIC_THRESHOLD))
        .keepAlive((Duration) v.get(KEEP_ALIVE))
        .tick((Duration) v.get(TICK))
        .forecast(
            new ForecastSpec(
                (List<String>) v.get(FORECAST_MODELS),
                horizon instanceof Duration d ? d : null,
                quantile instanceof Double q ? q : null))
        .adapter((AdapterBinding) v.get(ADAPTER))
        .rule(rule)
        .build();
  }

  /**
   * A value as an operator would write it: {@code 30s}, {@code 0.7}, {@code [seasonal-naive,
   * holt-winters]}.
   */
  static String format(Object value) {
    if (value instanceof Duration d) {
      return Durations.format(d);
    }
    if (value instanceof Double d) {
      return Range.number(d);
    }
    if (value instanceof List<?> l) {
      return l.isEmpty()
          ? "[] (every registered model)"
          : l.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof AdapterBinding a) {
      return a.name() + (a.target().isEmpty() ? "" : " " + new TreeMap<>(a.target()).toString());
    }
    return String.valueOf(value);
  }
}
