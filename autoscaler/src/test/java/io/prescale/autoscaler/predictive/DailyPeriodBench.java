package io.prescale.autoscaler.predictive;

import static io.prescale.autoscaler.bench.PredictiveBench.time;
import static io.prescale.autoscaler.bench.PredictiveBench.usedAfterGc;

import io.prescale.autoscaler.forecast.ForecastModelProvider;
import io.prescale.autoscaler.forecast.ForecastModels;
import io.prescale.autoscaler.forecast.ModelContext;
import io.prescale.autoscaler.forecast.PeriodDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark main (not a test): what a daily period costs a function. Times the long-period pass (3
 * days of minutes in 15-minute steps, then the exact minute) and a whole forecast track's hourly
 * detection slot that finds and fits a day; then the heap of tracks holding a daily period against
 * tracks without one. Args: tracks for the heap figure (default 50).
 */
public final class DailyPeriodBench {
  private static final long FIRST = 29_000_000L;

  private DailyPeriodBench() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    MinuteObservation daily =
        MinuteObservation.poisson(
            FIRST, 4 * 1440, m -> 20 + 15 * Math.sin(2 * Math.PI * m / 1440.0), 1);
    double[] minutes =
        ForecastTrack.history(daily, FIRST + 4 * 1440 - 1, ForecastTrack.LONG_HISTORY_MINUTES);
    double[] coarse = new double[minutes.length / ForecastTrack.LONG_STEP_MINUTES];
    for (int i = 0; i < coarse.length; i++) {
      for (int j = 0; j < ForecastTrack.LONG_STEP_MINUTES; j++) {
        coarse[i] += minutes[i * ForecastTrack.LONG_STEP_MINUTES + j];
      }
    }
    PeriodDetector detector = new PeriodDetector(ForecastTrack.SHUFFLES, 7);
    time(
        "long-period pass: detect on 288 steps + exact lag on 4320 minutes",
        50,
        () -> {
          int p = detector.detect(coarse, coarse.length / 2).period();
          PeriodDetector.bestLag(minutes, (p - 2) * 15, (p + 2) * 15);
        });
    time(
        "track's detection slot finding a day: both passes, rebuild, refit all on 2882 minutes",
        20,
        () -> {
          ForecastTrack t = track(1);
          t.advance(
              daily,
              FIRST
                  + 4 * 1440
                  - 1
                  - Math.floorMod(FIRST + 4 * 1440 - 1 + offset(1) - ForecastTrack.PERIOD_SLOT, 60),
              0.99);
          if (t.period() == 0) {
            throw new IllegalStateException("no day found");
          }
        });
    ModelContext ctx = new ModelContext(1440, ModelContext.DEFAULT_WINDOW);
    double[] fit = Arrays.copyOfRange(minutes, minutes.length - 2882, minutes.length);
    for (ForecastModelProvider p : ForecastModels.select(List.of())) {
      time(
          "refit " + p.name() + " (period 1440) on 2882 minutes",
          20,
          () -> p.create(ctx).refit(fit));
    }
    MinuteObservation flat = MinuteObservation.poisson(FIRST, 4 * 1440, m -> 20, 1);
    System.out.printf("heap per track, daily period: %.1f KiB%n", heap(n, daily, true));
    System.out.printf("heap per track, no period: %.1f KiB%n", heap(n, flat, false));
  }

  private static int offset(int hash) {
    return Math.floorMod(hash, ForecastTrack.PERIOD_MINUTES);
  }

  private static ForecastTrack track(int hash) {
    return new ForecastTrack(ForecastModels.select(ForecastModels.DEFAULT_ORDER), 0.99, hash);
  }

  private static double heap(int n, MinuteObservation obs, boolean periodic) {
    List<ForecastTrack> tracks = new ArrayList<>();
    long before = usedAfterGc();
    for (int i = 0; i < n; i++) {
      ForecastTrack t = track(i);
      for (int m = 0; m < obs.counts.length; m++) {
        t.advance(obs, FIRST + m, 0.99);
      }
      if (periodic && t.period() == 0) {
        throw new IllegalStateException("track " + i + " found no period");
      }
      tracks.add(t);
    }
    long after = usedAfterGc();
    System.out.printf("periods found: %s%n", tracks.stream().map(ForecastTrack::period).toList());
    return (after - before) / 1024.0 / n;
  }
}
