package io.prescale.collector.ingest;

/**
 * Outcome of one export request: how many items were rejected (spans or data points) and why.
 * {@code rejected == 0} with an empty message is full success.
 *
 * @param accepted items taken in
 * @param rejected items that decoded but could not be used
 * @param message English explanation of the rejections, empty when none
 * @param unavailable nothing was stored and the client should retry (503 / UNAVAILABLE): in cluster
 *     mode, Kafka did not acknowledge the request's records
 */
public record IngestResult(long accepted, long rejected, String message, boolean unavailable) {
  public IngestResult(long accepted, long rejected, String message) {
    this(accepted, rejected, message, false);
  }

  public static IngestResult ok(long accepted) {
    return new IngestResult(accepted, 0, "");
  }

  /** Nothing of the request's {@code items} was stored; {@code message} says why. */
  public static IngestResult unavailable(long items, String message) {
    return new IngestResult(0, items, message, true);
  }

  public boolean isFullSuccess() {
    return rejected == 0;
  }
}
