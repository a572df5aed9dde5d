package io.prescale.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A composable set of {@link Component}s: started in registration order, stopped in reverse (also
 * when a start fails half-way). Ready once every component started.
 */
public final class ControlPlane {
  private static final Logger LOG = Logger.getLogger(ControlPlane.class.getName());

  private final ControlPlaneContext context;
  private final List<Component> components = new ArrayList<>();
  private final List<Component> started = new ArrayList<>();
  private volatile boolean ready;
  private boolean stopped;

  public ControlPlane(ControlPlaneContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  public ControlPlane add(Component component) {
    components.add(Objects.requireNonNull(component, "component"));
    return this;
  }

  public ControlPlaneContext context() {
    return context;
  }

  /** Starts every component; on a failure stops the started ones and rethrows. */
  public synchronized void start() throws Exception {
    for (Component c : components) {
      try {
        c.start(context);
      } catch (Exception e) {
        // the command prints the failure as one line; the trace is there for FINE logging only
        LOG.log(Level.FINE, "component " + c.getClass().getSimpleName() + " failed to start", e);
        stop();
        throw e;
      }
      started.add(c);
    }
    ready = true;
  }

  public boolean isReady() {
    return ready;
  }

  /** Stops the started components in reverse order; idempotent. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    ready = false;
    for (int i = started.size() - 1; i >= 0; i--) {
      Component c = started.get(i);
      try {
        c.stop();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "component " + c.getClass().getSimpleName() + " failed to stop", e);
      }
    }
    started.clear();
  }
}
