package io.prescale.collector.ingest;

/**
 * Outcome of one export request: how many items were rejected (spans or data points) and why.
 * {@code rejected == 0} with an empty message is full success.
 *
 * @param accepted items taken in
 * @param rejected items that decoded but could not be used
 * @param message English explanation of the rejections, empty when none
 */
public record IngestResult(long accepted, long rejected, String message) {
  public static IngestResult ok(long accepted) {
    return new IngestResult(accepted, 0, "");
  }

  public boolean isFullSuccess() {
    return rejected == 0;
  }
}
