package io.prescale.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;

/**
 * The {@code Status} body the API server answers a failed request with, for mock-server scripts.
 */
public final class FailureStatus {
  private FailureStatus() {}

  /** {@code code} with {@code message}. */
  public static Status of(int code, String message) {
    return of(code, message, null);
  }

  /** {@code code} with {@code message} and, when not null, a {@code retryAfterSeconds} detail. */
  public static Status of(int code, String message, Integer retryAfterSeconds) {
    StatusBuilder b = new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message);
    if (retryAfterSeconds != null) {
      b.withNewDetails().withRetryAfterSeconds(retryAfterSeconds).endDetails();
    }
    return b.build();
  }
}
