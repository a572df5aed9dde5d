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

/**
 * Command-line policy names and the decider spec each one runs with: {@code kpa}, {@code hpa},
 * {@code keda}, {@code hybrid-histogram}, {@code fixed}, {@code off} (mode = name), {@code
 * keepalive-10m} / {@code keepalive-20m} / {@code keepalive-<duration>} (mode keepalive with that
 * keep-alive) and {@code prescale} (mode predictive). Specs start from {@link
 * DeciderSpec#defaults()} (or a given base) with the mode set. {@code oracle} and {@code
 * oracle-keepalive} are simulator-only offline limits ({@link OracleKind}): no decider, their
 * spec's mode is their name.
 */
public final class PolicyCatalog {
  /** The baselines the issue names. */
  public static final List<String> BASELINES =
      List.of("kpa", "hpa", "keda", "keepalive-10m", "keepalive-20m", "hybrid-histogram");

  /** Modes that never ask for an instance while a request waits: on-demand platform only. */
  public static final Set<String> ON_DEMAND_ONLY_MODES = Set.of("keepalive", "hybrid-histogram");

  private static final String KEEPALIVE = "keepalive-";

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
    if (providers.containsKey("predictive")) {
      out.add("prescale");
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
      mode = "keepalive";
      b.keepAlive(keepAlive);
    } else if (n.equals("prescale")) {
      mode = "predictive";
    } else if (List.of("kpa", "hpa", "keda", "hybrid-histogram", "fixed", "off").contains(n)) {
      mode = n;
    } else if (n.equals("config")) {
      throw new IllegalArgumentException(
          "policy = config runs the rules of a policy file and needs"
              + " one: give it with --config POLICY.yaml, or name only baseline policies");
    } else {
      throw new IllegalArgumentException(
          "policy = "
              + name
              + ", must be one of kpa, hpa, keda, "
              + "keepalive-10m, keepalive-20m, keepalive-<duration>, hybrid-histogram, fixed, off, prescale,"
              + " oracle, oracle-keepalive, config (with --config)");
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
