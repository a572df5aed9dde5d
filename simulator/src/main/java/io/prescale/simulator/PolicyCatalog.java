package io.prescale.simulator;

import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.Durations;
import io.prescale.simulator.oracle.OracleKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line policy names and the decider spec each one runs with, derived from the registered
 * decider providers ({@link #names}): every registered mode by its own name ({@code kpa}, {@code
 * hpa}, {@code keda}, {@code hybrid-histogram}, {@code fixed}, {@code off}, ...), except two the
 * simulator names differently: mode keepalive as {@code keepalive-<duration>} ({@code
 * keepalive-10m}, {@code keepalive-20m}: that keep-alive) and mode predictive as {@code prescale};
 * mode shadow ({@code prescale run}'s predictive without actuation) is {@code prescale} here too.
 * Specs start from {@link DeciderSpec#defaults()} (or a given base) with the mode set. {@code
 * oracle} and {@code oracle-keepalive} are simulator-only offline limits ({@link OracleKind}): no
 * decider, their spec's mode is their name.
 */
public final class PolicyCatalog {
  /** The baselines the issue names. */
  public static final List<String> BASELINES =
      List.of("kpa", "hpa", "keda", "keepalive-10m", "keepalive-20m", "hybrid-histogram");

  /** Modes that never ask for an instance while a request waits: on-demand platform only. */
  public static final Set<String> ON_DEMAND_ONLY_MODES = Set.of("keepalive", "hybrid-histogram");

  private static final String KEEPALIVE = "keepalive-";
  private static final String KEEPALIVE_MODE = "keepalive";
  private static final String PRESCALE = "prescale";
  private static final String PREDICTIVE_MODE = "predictive";
  private static final String SHADOW_MODE = "shadow";

  private final Map<String, DeciderProvider> providers;

  public PolicyCatalog() {
    this(Providers.all(DeciderProvider.class));
  }

  public PolicyCatalog(Map<String, DeciderProvider> providers) {
    this.providers = Map.copyOf(providers);
  }

  /** One resolved policy. */
  public record Policy(String name, DeciderSpec spec, DeciderProvider provider) {
    /**
     * Whether the policy only makes sense where requests start instances themselves: keep-alive and
     * hybrid-histogram never ask for an instance when a request waits, so on the autoscaled
     * platform (only decisions add instances) requests would wait forever.
     */
    public boolean onDemandOnly() {
      return ON_DEMAND_ONLY_MODES.contains(spec.mode());
    }

    /** The oracle this policy is, or null for a policy run through deciders. */
    public OracleKind oracle() {
      return provider == null ? OracleKind.of(name) : null;
    }
  }

  /**
   * The default list: the baselines, plus {@code prescale} when the predictive decider is
   * registered.
   */
  public List<String> defaultNames() {
    List<String> out = new ArrayList<>(BASELINES);
    if (providers.containsKey(PREDICTIVE_MODE)) {
      out.add(PRESCALE);
    }
    return out;
  }

  /**
   * Every name {@link #resolve} accepts but {@code config}: the registered modes (sorted), mode
   * keepalive as {@code keepalive-10m}, {@code keepalive-20m}, {@code keepalive-<duration>}, mode
   * predictive as {@code prescale}; then the oracles.
   */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (String mode : new TreeSet<>(providers.keySet())) {
      if (mode.equals(SHADOW_MODE)) {
        continue; // prescale run's predictive without actuation: in a simulation, prescale
      }
      switch (mode) {
        case KEEPALIVE_MODE ->
            out.addAll(List.of("keepalive-10m", "keepalive-20m", "keepalive-<duration>"));
        case PREDICTIVE_MODE -> out.add(PRESCALE);
        default -> out.add(mode);
      }
    }
    for (OracleKind k : OracleKind.values()) {
      out.add(k.wireName());
    }
    return out;
  }

  /** Resolves {@code name} on top of {@code base}; the error lists what is known. */
  public Policy resolve(String name, DeciderSpec base) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    DeciderSpec.Builder b = base.toBuilder().rule("simulate:" + n);
    OracleKind oracle = OracleKind.of(n);
    if (oracle != null) {
      return new Policy(oracle.wireName(), b.mode(oracle.wireName()).build(), null);
    }
    Duration keepAlive =
        n.startsWith(KEEPALIVE) ? Durations.parseOrNull(n.substring(KEEPALIVE.length())) : null;
    String mode;
    if (keepAlive != null && !keepAlive.isNegative()) {
      mode = KEEPALIVE_MODE;
      b.keepAlive(keepAlive);
    } else if (n.equals(PRESCALE)) {
      mode = PREDICTIVE_MODE;
    } else if (providers.containsKey(n)
        && !n.equals(KEEPALIVE_MODE)
        && !n.equals(PREDICTIVE_MODE)
        && !n.equals(SHADOW_MODE)) {
      mode = n;
    } else if (n.equals("config")) {
      throw new IllegalArgumentException(
          "policy = config runs the rules of a policy file and needs"
              + " one: give it with --config POLICY.yaml, or name only baseline policies");
    } else {
      throw new IllegalArgumentException(
          "policy = "
              + name
              + ", must be one of "
              + String.join(", ", names())
              + ", config (with --config)");
    }
    DeciderProvider p = providers.get(mode);
    if (p == null) {
      throw new IllegalArgumentException(
          "policy "
              + name
              + " needs decider mode '"
              + mode
              + "', which is not registered; registered: "
              + String.join(", ", providers.keySet().stream().sorted().toList()));
    }
    return new Policy(n, b.mode(mode).build(), p);
  }
}
