package io.prescale.core.decide;

import io.prescale.core.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * The flat, immutable settings one function is decided with. Policy files are resolved into one of
 * these before any decider sees them; deciders never parse files. Defaults follow Knative's
 * config-autoscaler where Knative has the key.
 *
 * @param mode decider name: predictive, kpa, hpa, keda, keepalive, hybrid-histogram, fixed, off
 * @param minInstances floor, {@code >= 0}
 * @param maxInstances ceiling, {@code >= max(1, minInstances)}
 * @param perInstanceConcurrency requests one instance serves at once, {@code >= 1}
 * @param targetUtilization share of {@code perInstanceConcurrency} to aim at, (0, 1]
 * @param coldStartBudget share of invocations allowed to start cold, (0, 1)
 * @param scaleToZero whether the function may go to zero instances
 * @param scaleToZeroGrace idle time past the stable window before going to zero
 * @param maxScaleUpRate at most {@code ceil(rate * ready)} instances after one tick, {@code > 1}
 * @param maxScaleDownRate at least {@code floor(ready / rate)} instances after one tick, {@code >
 *     1}
 * @param stableWindow averaging window of the reactive path
 * @param panicWindowPercentage panic window as a share of the stable window, in percent
 * @param panicThresholdPercentage panic when the panic-window demand reaches this share of ready
 *     capacity
 * @param keepAlive how long an idle instance is kept warm (keep-alive modes)
 * @param tick how often the function is decided
 * @param forecast predictive settings
 * @param adapter where decisions go
 * @param rule name of the policy rule this spec came from ("defaults" or "built-in")
 */
public record DeciderSpec(
    String mode,
    int minInstances,
    int maxInstances,
    int perInstanceConcurrency,
    double targetUtilization,
    double coldStartBudget,
    boolean scaleToZero,
    Duration scaleToZeroGrace,
    double maxScaleUpRate,
    double maxScaleDownRate,
    Duration stableWindow,
    double panicWindowPercentage,
    double panicThresholdPercentage,
    Duration keepAlive,
    Duration tick,
    ForecastSpec forecast,
    AdapterBinding adapter,
    String rule) {

  public DeciderSpec {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(scaleToZeroGrace, "scaleToZeroGrace");
    Objects.requireNonNull(stableWindow, "stableWindow");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(forecast, "forecast");
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(rule, "rule");
    check(minInstances >= 0, "minInstances", minInstances, "[0; maxInstances]");
    check(
        maxInstances >= Math.max(1, minInstances),
        "maxInstances",
        maxInstances,
        "[max(1, minInstances); 2147483647]");
    check(
        perInstanceConcurrency >= 1,
        "perInstanceConcurrency",
        perInstanceConcurrency,
        "[1; 2147483647]");
    check(
        targetUtilization > 0 && targetUtilization <= 1,
        "targetUtilization",
        targetUtilization,
        "(0; 1]");
    check(coldStartBudget > 0 && coldStartBudget < 1, "coldStartBudget", coldStartBudget, "(0; 1)");
    check(maxScaleUpRate > 1, "maxScaleUpRate", maxScaleUpRate, "(1; inf)");
    check(maxScaleDownRate > 1, "maxScaleDownRate", maxScaleDownRate, "(1; inf)");
    check(positive(stableWindow), "stableWindow", stableWindow, "(0s; inf)");
    check(
        panicWindowPercentage > 0 && panicWindowPercentage <= 100,
        "panicWindowPercentage",
        panicWindowPercentage,
        "(0; 100]");
    check(
        panicThresholdPercentage > 100,
        "panicThresholdPercentage",
        panicThresholdPercentage,
        "(100; inf)");
    check(!scaleToZeroGrace.isNegative(), "scaleToZeroGrace", scaleToZeroGrace, "[0s; inf)");
    check(!keepAlive.isNegative(), "keepAlive", keepAlive, "[0s; inf)");
    check(positive(tick), "tick", tick, "(0s; inf)");
  }

  /** Built-in defaults: Knative's config-autoscaler values, predictive mode, dry-run adapter. */
  public static DeciderSpec defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this spec's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Panic window = stable window x panic-window percentage. */
  public Duration panicWindow() {
    return Duration.ofNanos((long) (stableWindow.toNanos() * panicWindowPercentage / 100.0));
  }

  /**
   * Concurrency one instance is targeted to carry: {@code max(0.01, perInstanceConcurrency *
   * targetUtilization)}.
   */
  public double targetPerInstance() {
    return Math.max(0.01, perInstanceConcurrency * targetUtilization);
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static void check(boolean ok, String key, Object value, String range) {
    if (!ok) {
      throw new IllegalArgumentException(
          key
              + " = "
              + (value instanceof Duration d ? Durations.format(d) : value)
              + ", must be in "
              + range);
    }
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private String mode = "predictive";
    private int minInstances = 0;
    private int maxInstances = 1000;
    private int perInstanceConcurrency = 1;
    private double targetUtilization = 0.7;
    private double coldStartBudget = 0.01;
    private boolean scaleToZero = true;
    private Duration scaleToZeroGrace = Duration.ofSeconds(30);
    private double maxScaleUpRate = 1000;
    private double maxScaleDownRate = 2;
    private Duration stableWindow = Duration.ofSeconds(60);
    private double panicWindowPercentage = 10;
    private double panicThresholdPercentage = 200;
    private Duration keepAlive = Duration.ofMinutes(10);
    private Duration tick = Duration.ofSeconds(2);
    private ForecastSpec forecast = ForecastSpec.AUTO;
    private AdapterBinding adapter = AdapterBinding.DRY_RUN;
    private String rule = "built-in";

    private Builder() {}

    private Builder(DeciderSpec s) {
      mode = s.mode;
      minInstances = s.minInstances;
      maxInstances = s.maxInstances;
      perInstanceConcurrency = s.perInstanceConcurrency;
      targetUtilization = s.targetUtilization;
      coldStartBudget = s.coldStartBudget;
      scaleToZero = s.scaleToZero;
      scaleToZeroGrace = s.scaleToZeroGrace;
      maxScaleUpRate = s.maxScaleUpRate;
      maxScaleDownRate = s.maxScaleDownRate;
      stableWindow = s.stableWindow;
      panicWindowPercentage = s.panicWindowPercentage;
      panicThresholdPercentage = s.panicThresholdPercentage;
      keepAlive = s.keepAlive;
      tick = s.tick;
      forecast = s.forecast;
      adapter = s.adapter;
      rule = s.rule;
    }

    public Builder mode(String v) {
      mode = v;
      return this;
    }

    public Builder minInstances(int v) {
      minInstances = v;
      return this;
    }

    public Builder maxInstances(int v) {
      maxInstances = v;
      return this;
    }

    public Builder perInstanceConcurrency(int v) {
      perInstanceConcurrency = v;
      return this;
    }

    public Builder targetUtilization(double v) {
      targetUtilization = v;
      return this;
    }

    public Builder coldStartBudget(double v) {
      coldStartBudget = v;
      return this;
    }

    public Builder scaleToZero(boolean v) {
      scaleToZero = v;
      return this;
    }

    public Builder scaleToZeroGrace(Duration v) {
      scaleToZeroGrace = v;
      return this;
    }

    public Builder maxScaleUpRate(double v) {
      maxScaleUpRate = v;
      return this;
    }

    public Builder maxScaleDownRate(double v) {
      maxScaleDownRate = v;
      return this;
    }

    public Builder stableWindow(Duration v) {
      stableWindow = v;
      return this;
    }

    public Builder panicWindowPercentage(double v) {
      panicWindowPercentage = v;
      return this;
    }

    public Builder panicThresholdPercentage(double v) {
      panicThresholdPercentage = v;
      return this;
    }

    public Builder keepAlive(Duration v) {
      keepAlive = v;
      return this;
    }

    public Builder tick(Duration v) {
      tick = v;
      return this;
    }

    public Builder forecast(ForecastSpec v) {
      forecast = v;
      return this;
    }

    public Builder adapter(AdapterBinding v) {
      adapter = v;
      return this;
    }

    public Builder rule(String v) {
      rule = v;
      return this;
    }

    public DeciderSpec build() {
      return new DeciderSpec(
          mode,
          minInstances,
          maxInstances,
          perInstanceConcurrency,
          targetUtilization,
          coldStartBudget,
          scaleToZero,
          scaleToZeroGrace,
          maxScaleUpRate,
          maxScaleDownRate,
          stableWindow,
          panicWindowPercentage,
          panicThresholdPercentage,
          keepAlive,
          tick,
          forecast,
          adapter,
          rule);
    }
  }
}
