package io.prescale.autoscaler.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs several candidate models on one series and serves the one with the lowest rolling backtest
 * loss: before each model sees a new value, its one-step-ahead quantile forecast at the policy's
 * quantile is scored with the pinball loss (exponentially weighted, about the last {@code 1 / (1 -
 * }{@value #LOSS_DECAY}{@code )} steps). The served model changes only in {@link #reselect()},
 * which the caller runs periodically, so choices do not flap every step. Candidates are rebuilt
 * when the detected period changes ({@link #rebuild}); the new models are backtested on the history
 * they replay, so they compete at once.
 */
public final class ModelSelector {
  static final double LOSS_DECAY = 0.98;

  /** Scored steps a model needs before it may be chosen. */
  static final int MIN_SCORED = 10;

  private final List<ForecastModelProvider> providers;
  private final List<Candidate> candidates = new ArrayList<>();
  private double quantile;
  private ModelContext context;
  private Candidate served;
  private int refitCursor;

  /**
   * @param providers candidate kinds in order of preference on ties (the first serves until the
   *     others have a score)
   * @param context period and window
   * @param quantile the quantile the policy provisions for, in (0, 1)
   */
  public ModelSelector(
      List<ForecastModelProvider> providers, ModelContext context, double quantile) {
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("providers must not be empty");
    }
    this.providers = List.copyOf(providers);
    setQuantile(quantile);
    rebuild(context, new double[0]);
  }

  /** Changes the scoring quantile (policy reload); scores so far are kept. */
  public void setQuantile(double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("quantile = " + q + ", must be in (0; 1)");
    }
    quantile = q;
  }

  /**
   * Replaces the candidates by those applicable to {@code next}, replaying {@code history} into
   * them.
   */
  public void rebuild(ModelContext next, double[] history) {
    context = next;
    String servedName = served == null ? null : served.model.name();
    candidates.clear();
    for (ForecastModelProvider p : providers) {
      if (p.applicable(next)) {
        Candidate c = new Candidate(p.create(next));
        for (double v : history) {
          c.score(v, quantile);
          c.model.observe(v);
        }
        candidates.add(c);
      }
    }
    if (candidates.isEmpty()) {
      throw new IllegalStateException("no forecast model is applicable to " + next);
    }
    served = candidates.get(0);
    for (Candidate c : candidates) {
      if (c.model.name().equals(servedName)) {
        served = c;
      }
    }
    reselect();
  }

  /** Scores every candidate against {@code value}, then lets each observe it. */
  public void observe(double value) {
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      c.score(value, quantile);
      c.model.observe(value);
    }
  }

  /**
   * Serves the candidate with the lowest loss among those scored enough; keeps the current one
   * otherwise.
   */
  public void reselect() {
    Candidate best = served;
    for (Candidate c : candidates) {
      if (c.scored >= MIN_SCORED && (best.scored < MIN_SCORED || c.loss < best.loss)) {
        best = c;
      }
    }
    served = best;
  }

  /**
   * Refits the next candidate in turn on {@code history} (one model per call: spreads the cost).
   */
  public void refitNext(double[] history) {
    Candidate c = candidates.get(refitCursor++ % candidates.size());
    c.model.refit(history);
  }

  /** Refits every candidate on {@code history}. */
  public void refitAll(double[] history) {
    for (Candidate c : candidates) {
      c.model.refit(history);
    }
  }

  /** The model currently served. */
  public ForecastModel best() {
    return served.model;
  }

  /** Rolling pinball loss of the candidate called {@code name}; NaN when absent or not scored. */
  public double loss(String name) {
    for (Candidate c : candidates) {
      if (c.model.name().equals(name) && c.scored > 0) {
        return c.loss;
      }
    }
    return Double.NaN;
  }

  /** The candidate called {@code name}, or null when absent. */
  public ForecastModel candidate(String name) {
    for (Candidate c : candidates) {
      if (c.model.name().equals(name)) {
        return c.model;
      }
    }
    return null;
  }

  /** Names of the current candidates. */
  public List<String> candidates() {
    List<String> names = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) {
      names.add(c.model.name());
    }
    return names;
  }

  public ModelContext context() {
    return context;
  }

  public double quantile() {
    return quantile;
  }

  private static final class Candidate {
    final ForecastModel model;
    double loss;
    long scored;

    Candidate(ForecastModel model) {
      this.model = model;
    }

    void score(double value, double q) {
      if (model.count() < model.warmUp()) {
        return;
      }
      double l = Pinball.loss(value, Math.max(0, model.quantile(1, q)), q);
      scored++;
      double w = Math.max(1 - LOSS_DECAY, 1.0 / scored);
      loss += w * (l - loss);
    }
  }
}
