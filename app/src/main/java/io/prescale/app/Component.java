package io.prescale.app;

/**
 * One part of a running control plane (collector, API routes, autoscaler loop, adapters...). {@link
 * ControlPlane} starts components in registration order and stops them in reverse.
 */
public interface Component {

  /** Starts the component; blocks until it is serving or throws to abort the whole start. */
  void start(ControlPlaneContext ctx) throws Exception;

  /** Releases what {@link #start} took; must not throw. */
  default void stop() {}
}
