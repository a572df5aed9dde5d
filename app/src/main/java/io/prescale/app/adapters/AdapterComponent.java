package io.prescale.app.adapters;

import io.prescale.adapter.engine.AdapterRegistry;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.autoscaler.loop.DecisionSink;
import io.prescale.cluster.ClusterNode;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The adapters part of {@code prescale run}: a {@link ScalingEngine} over every {@code
 * AdapterProvider} on the class path (created on first use, configured from {@code
 * PRESCALE_ADAPTER_<NAME>_<KEY>} variables, see {@link AdapterSettings}). It shares in the context
 * a {@link DecisionSink} that sends each decision to its spec's {@code adapter} binding (the
 * autoscaler loop picks it up: register this component BEFORE the autoscaler), and the {@link
 * ScalingEngine} itself; it serves {@code GET /api/v1/actions}. Submitting never blocks the loop.
 */
public final class AdapterComponent implements Component {
  /** At stop, how long pending and in-flight adapter calls may take to land. */
  static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, String> env;
  private final EngineConfig config;
  private ScalingEngine engine;
  private ScheduledExecutorService executor;

  public AdapterComponent() {
    this(System.getenv(), EngineConfig.defaults());
  }

  public AdapterComponent(Map<String, String> env, EngineConfig config) {
    this.env = Map.copyOf(env);
    this.config = config;
  }

  @Override
  public void start(ControlPlaneContext ctx) {
    Map<String, String> props = new HashMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    AdapterSettings settings = new AdapterSettings(env, props);
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prescale-adapters");
              t.setDaemon(true);
              return t;
            });
    AdapterRegistry registry =
        AdapterRegistry.fromServiceLoader(
            settings::forAdapter,
            ctx.timeSource(),
            ctx.find(ClusterNode.class)
                .<UnaryOperator<ScalingAdapter>>map(n -> n::fence)
                .orElse(UnaryOperator.identity()));
    // cluster mode: the other replicas' decisions for adapters that serve pulled state (KEDA)
    ctx.find(ClusterNode.class).ifPresent(n -> n.adapters(registry::get));
    engine =
        new ScalingEngine(
            registry,
            Scheduler.of(executor),
            ctx.timeSource(),
            ctx.registry(),
            config,
            () -> ThreadLocalRandom.current().nextDouble());
    engine.start();
    // Restart guard: whatever scale Prescale finds at start, it does not lower it during the first
    // stable window (the built-in 60 s), as Knative's KPA starts in panic.
    engine.holdScaleDown(DeciderSpec.defaults().stableWindow());
    ScalingEngine e = engine;
    ctx.put(ScalingEngine.class, e);
    ctx.put(DecisionSink.class, (decision, spec) -> e.send(spec, decision));
    ctx.router().get("/api/v1/actions").handler(new ActionsRoute(e)::handle);
  }

  @Override
  public void stop() {
    if (engine != null) {
      engine.flush(FLUSH_TIMEOUT); // graceful: decisions already made land before close (bounded)
      engine.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
