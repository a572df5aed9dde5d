package io.prescale.cluster;

/** Cluster mode cannot start: the message says what and where (one line for the user). */
public final class ClusterException extends Exception {
  private static final long serialVersionUID = 1L;

  public ClusterException(String message) {
    super(message);
  }
}
