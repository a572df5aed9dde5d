package io.prescale.app.sources;

import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.openwhisk.OpenWhiskSettings;
import io.prescale.collector.openwhisk.OpenWhiskSource;
import io.prescale.collector.openwhisk.OpenWhiskSourceConfig;
import io.prescale.core.time.Scheduler;
import io.prescale.core.warmup.WarmupActivations;
import io.prescale.policy.PolicyWatcher;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * The {@code openwhisk} source of {@code prescale run}, when the policy ({@code --config}) has a
 * {@code sources.openwhisk} section (read at start; a change needs a restart): polls on its own
 * thread into the {@link TelemetrySink} (register after the data and snapshot components, so the
 * windows are restored first), skips the warm-ups the {@code openwhisk} adapter records in {@link
 * WarmupActivations#shared()}, keeps its cursor in {@code --data-dir}/{@code openwhisk-source.json}
 * and serves {@code GET /api/v1/sources/openwhisk}.
 */
public final class OpenWhiskSourceComponent implements Component {
  private static final Logger LOG = Logger.getLogger(OpenWhiskSourceComponent.class.getName());
  private final Path dataDir;
  private OpenWhiskSource source;
  private ScheduledExecutorService executor;

  /**
   * @param dataDir where the cursor file goes; null keeps it in memory
   */
  public OpenWhiskSourceComponent(Path dataDir) {
    this.dataDir = dataDir;
  }

  @Override
  public void start(ControlPlaneContext ctx) {
    Map<String, String> settings =
        ctx.find(PolicyWatcher.class)
            .map(w -> w.current().sources().get(OpenWhiskSettings.NAME))
            .orElse(null);
    if (settings == null) {
      return;
    }
    OpenWhiskSourceConfig config = OpenWhiskSettings.parse(settings); // validated with the policy
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prescale-openwhisk");
              t.setDaemon(true);
              return t;
            });
    source =
        new OpenWhiskSource(
            config,
            ctx.get(TelemetrySink.class),
            WarmupActivations.shared(),
            OpenWhiskSource.client(config),
            ctx.timeSource(),
            Scheduler.of(executor),
            ctx.registry(),
            dataDir == null ? null : dataDir.resolve("openwhisk-source.json"));
    ctx.put(OpenWhiskSource.class, source);
    OpenWhiskSource s = source;
    ctx.router()
        .get("/api/v1/sources/openwhisk")
        .handler(
            rc ->
                rc.vertx()
                    .executeBlocking(() -> s.status().toString(), false)
                    .onComplete(
                        ar -> {
                          if (ar.succeeded()) {
                            rc.response()
                                .putHeader("content-type", "application/json")
                                .end(ar.result());
                          } else {
                            rc.fail(ar.cause());
                          }
                        }));
    source.start();
    LOG.info(
        "openwhisk source: polling "
            + config.apiHost()
            + " namespaces "
            + config.namespaces()
            + " every "
            + io.prescale.core.time.Durations.format(config.pollInterval()));
  }

  @Override
  public void stop() {
    if (source != null) {
      source.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
