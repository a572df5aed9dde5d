package io.prescale.app.sources;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.scrape.ScrapeTarget;
import io.prescale.collector.scrape.Scrapes;
import io.prescale.collector.scrape.TargetHealth;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyWatcher;
import io.prescale.policy.SourceSpec;
import io.prometheus.metrics.core.metrics.Counter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The policy file's {@code sources.prometheus} in {@code prescale run}: follows the policy as it
 * reloads (checked every second), lists the Kubernetes endpoints of each {@code kubernetes} source
 * every interval ({@link KubernetesTargets}), hands every target to {@link Scrapes}, and serves
 * {@code GET /api/v1/sources}. A discovery that fails keeps the source's previous targets and is
 * reported (the response, {@code prescale_scrape_discovery_errors_total}, one WARN per change),
 * never fatal. Register it after the component that puts the {@link TelemetrySink} and the {@link
 * PolicyWatcher} in the context.
 */
public final class SourcesComponent implements Component {
  private static final Logger LOG = Logger.getLogger(SourcesComponent.class.getName());

  private final Supplier<KubernetesClient> clients;
  private KubernetesClient client;
  private Scrapes scrapes;
  private ScheduledExecutorService loop;
  private Counter discoveryErrors;
  private TimeSource time;
  private volatile List<SourceSpec> applied = List.of();
  private final Map<String, Discovery> discoveries = new ConcurrentHashMap<>();

  /** What the last listing of one {@code kubernetes} source found. */
  private record Discovery(
      SourceSpec spec, List<ScrapeTarget> targets, long refreshedNanos, String error, Instant at) {}

  /** Kubernetes as kubectl finds it ({@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster). */
  public SourcesComponent() {
    this(SourcesComponent::defaultClient);
  }

  /**
   * @param clients makes the Kubernetes client, once, when a {@code kubernetes} source first needs
   *     it
   */
  public SourcesComponent(Supplier<KubernetesClient> clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  private static KubernetesClient defaultClient() {
    Config c =
        new ConfigBuilder(Config.autoConfigure(null))
            .withRequestRetryBackoffLimit(0)
            .withRequestTimeout(10_000)
            .withConnectionTimeout(5_000)
            .build();
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  @Override
  public void start(ControlPlaneContext ctx) {
    time = ctx.timeSource();
    scrapes =
        new Scrapes(ctx.get(TelemetrySink.class), time, Scrapes.Settings.DEFAULT, ctx.registry());
    discoveryErrors =
        Counter.builder()
            .name("prescale_scrape_discovery_errors")
            .help("Failed listings of a kubernetes source's pods or endpoints, by source")
            .labelNames("source")
            .register(ctx.registry());
    PolicyWatcher watcher = ctx.find(PolicyWatcher.class).orElse(null);
    Supplier<Policy> policy = watcher == null ? Policy::builtIn : watcher::current;
    loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prescale-sources");
              t.setDaemon(true);
              return t;
            });
    loop.scheduleWithFixedDelay(() -> tick(policy.get()), 0, 1, TimeUnit.SECONDS);
    ctx.router()
        .get("/api/v1/sources")
        .handler(
            rc -> rc.response().putHeader("content-type", "application/json").end(json().encode()));
    ctx.put(Scrapes.class, scrapes);
  }

  /** Applies the policy's sources and refreshes the discoveries that are due. */
  private void tick(Policy policy) {
    try {
      List<SourceSpec> specs = policy.prometheusSources();
      long now = time.nanoTime();
      List<ScrapeTarget> all = new ArrayList<>();
      Map<String, Discovery> keep = new HashMap<>();
      for (SourceSpec s : specs) {
        ScrapeTarget.Auth auth = auth(s);
        if (s.kubernetes() == null) {
          for (URI u : s.staticUrls()) {
            all.add(new ScrapeTarget(s.name(), u, s.interval(), s.timeout(), auth, 0));
          }
          continue;
        }
        Discovery d = discoveries.get(s.name());
        if (d == null
            || !d.spec().equals(s)
            || now - d.refreshedNanos() >= s.interval().toNanos()) {
          d = discover(s, auth, d);
        }
        keep.put(s.name(), d);
        all.addAll(d.targets());
      }
      discoveries.keySet().retainAll(keep.keySet());
      discoveries.putAll(keep);
      applied = specs;
      scrapes.update(all);
    } catch (RuntimeException e) {
      LOG.warning("prescale sources: cannot apply the sources: " + e);
    }
  }

  private Discovery discover(SourceSpec s, ScrapeTarget.Auth auth, Discovery previous) {
    long now = time.nanoTime();
    Instant at = time.instant();
    List<ScrapeTarget> before =
        previous != null && previous.spec().equals(s) ? previous.targets() : List.of();
    try {
      if (client == null) {
        client = clients.get();
      }
      List<ScrapeTarget> found = KubernetesTargets.list(client, s, auth);
      if (previous != null && !previous.error().isEmpty()) {
        LOG.info("prescale sources: " + s.name() + " lists again (" + found.size() + " targets)");
      }
      return new Discovery(s, found, now, "", at);
    } catch (RuntimeException e) {
      discoveryErrors.labelValues(s.name()).inc();
      String why = oneLine(e);
      if (previous == null || !why.equals(previous.error())) {
        LOG.warning(
            "prescale sources: "
                + s.name()
                + ": cannot list "
                + s.kubernetes().role()
                + " (keeping "
                + before.size()
                + " targets): "
                + why);
      }
      return new Discovery(s, before, now, why, at);
    }
  }

  private static String oneLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static ScrapeTarget.Auth auth(SourceSpec s) {
    if (s.bearerTokenFile() != null) {
      return ScrapeTarget.Auth.bearer(Path.of(s.bearerTokenFile()));
    }
    if (s.username() != null) {
      return ScrapeTarget.Auth.basic(s.username(), Path.of(s.passwordFile()));
    }
    return ScrapeTarget.Auth.NONE;
  }

  /** The body of {@code GET /api/v1/sources}. */
  JsonObject json() {
    List<TargetHealth> health = scrapes.health();
    JsonArray sources = new JsonArray();
    for (SourceSpec s : applied) {
      JsonObject o =
          new JsonObject()
              .put("name", s.name())
              .put("kind", s.kubernetes() == null ? "static" : "kubernetes")
              .put("interval", Durations.format(s.interval()))
              .put("timeout", Durations.format(s.timeout()));
      Discovery d = discoveries.get(s.name());
      if (s.kubernetes() != null && d != null) {
        o.put(
            "discovery",
            new JsonObject()
                .put("role", s.kubernetes().role())
                .put("at", d.at().toString())
                .put("targets", d.targets().size())
                .put("error", d.error()));
      }
      JsonArray targets = new JsonArray();
      for (TargetHealth h : health) {
        if (h.source().equals(s.name())) {
          targets.add(
              new JsonObject()
                  .put("url", h.url())
                  .put("health", h.health())
                  .put("lastScrape", millis(h.lastScrapeMillis()))
                  .put("lastSuccess", millis(h.lastSuccessMillis()))
                  .put("lastError", h.lastError())
                  .put("consecutiveFailures", h.consecutiveFailures())
                  .put("lastDurationMillis", h.lastDurationMillis())
                  .put("points", h.points())
                  .put("series", h.series()));
        }
      }
      o.put("targets", targets);
      sources.add(o);
    }
    return new JsonObject().put("sources", sources).put("refusedTargets", scrapes.refusedTargets());
  }

  private static String millis(long epochMillis) {
    return epochMillis == 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
  }

  @Override
  public void stop() {
    if (loop != null) {
      loop.shutdownNow();
    }
    if (scrapes != null) {
      scrapes.close();
    }
    if (client != null) {
      client.close();
    }
  }
}
