package io.prescale.app.policy;

import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.policy.BuiltInPolicyMetrics;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyException;
import io.prescale.policy.PolicyProvider;
import io.prescale.policy.PolicyStatus;
import io.prescale.policy.PolicyWatcher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The policy part of {@code prescale run}: loads {@code --config FILE} (or uses the built-in
 * defaults without one), reloads it on change, shares a {@link PolicyProvider} in the context for
 * the autoscaler loop ({@code ctx.get(PolicyProvider.class).specFor(fn, labels, now)}), and serves
 * {@code GET /api/v1/policy} and {@code GET /api/v1/policy/explain?function=KEY&label=K=V&at=TIME}.
 * Register it before the components that read the provider and before the API server.
 */
public final class PolicyComponent implements Component {
  private final Path config;
  private final Duration quietPeriod;
  private PolicyWatcher watcher;

  /**
   * @param config the policy file, or null for the built-in defaults
   */
  public PolicyComponent(Path config) {
    this(config, PolicyWatcher.DEFAULT_QUIET_PERIOD);
  }

  /**
   * @param quietPeriod how long an in-place edit of {@code config} must hold still before it is
   *     loaded (a file replaced by rename or symlink swap is loaded at once)
   */
  public PolicyComponent(Path config, Duration quietPeriod) {
    this.config = config;
    this.quietPeriod = quietPeriod;
  }

  /**
   * Checks {@code config} before anything starts: prints every problem to {@code err} and returns
   * true when the file cannot be used; false when it is valid or null (built-in defaults).
   */
  public static boolean reportInvalid(Path config, PrintWriter err) {
    if (config == null) {
      return false;
    }
    try {
      PolicyLoaders.standard().load(config);
      return false;
    } catch (PolicyException e) {
      if (e.errors().size() == 1 && e.errors().get(0).line() == 0) {
        // the file as a whole (missing, unreadable, too large, not UTF-8): one line
        err.println("prescale run: --config " + config + ": " + e.errors().get(0).message());
        err.flush();
        return true;
      }
      e.errors().forEach(err::println);
      err.println(
          "prescale run: --config "
              + config
              + " is invalid ("
              + e.errors().size()
              + (e.errors().size() == 1 ? " error" : " errors")
              + "); check it with: prescale policy validate "
              + config);
      err.flush();
      return true;
    }
  }

  @Override
  public void start(ControlPlaneContext ctx) throws Exception {
    Supplier<PolicyStatus> status;
    Supplier<Policy> policy;
    if (config == null) {
      PolicyStatus builtIn = PolicyStatus.builtIn(ctx.timeSource().instant());
      BuiltInPolicyMetrics.register(ctx.registry(), ctx.timeSource().instant());
      status = () -> builtIn;
      policy = Policy::builtIn;
      ctx.put(PolicyProvider.class, Policy.builtIn());
    } else {
      try {
        watcher =
            PolicyWatcher.open(
                    config,
                    PolicyLoaders.standard(),
                    ctx.timeSource(),
                    ctx.registry(),
                    PolicyWatcher.DEFAULT_INTERVAL,
                    quietPeriod)
                .start();
      } catch (PolicyException e) {
        StringBuilder m =
            new StringBuilder(
                "--config "
                    + config
                    + " is invalid ("
                    + e.errors().size()
                    + (e.errors().size() == 1 ? " error" : " errors")
                    + "):");
        e.errors().forEach(error -> m.append('\n').append(error));
        throw new IllegalArgumentException(m.toString()); // no cause: the errors say it all
      }
      PolicyWatcher w = watcher;
      status = w::status;
      policy = w::current;
      ctx.put(PolicyProvider.class, w);
      ctx.put(PolicyWatcher.class, w);
    }
    ctx.router()
        .get("/api/v1/policy")
        .handler(
            rc ->
                rc.response()
                    .putHeader("content-type", "application/json")
                    .end(status.get().toJson()));
    ctx.router()
        .get("/api/v1/policy/explain")
        .handler(new ExplainRoute(policy, ctx.timeSource())::handle);
  }

  @Override
  public void stop() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
