package io.prescale.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.prescale.adapter.spi.AdapterException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * Maps fabric8 failures onto {@link AdapterException} kinds (409 conflict, 429 with
 * retryAfterSeconds, 5xx, other 4xx).
 */
public final class KubeErrors {
  private KubeErrors() {}

  public static RuntimeException map(RuntimeException e, String what) {
    if (!(e instanceof KubernetesClientException ke)) {
      return e;
    }
    int code = ke.getCode();
    Status status = ke.getStatus();
    String message =
        what
            + ": "
            + (status != null && status.getMessage() != null
                ? status.getMessage()
                : ke.getMessage());
    if (code <= 0) {
      Throwable cause = ke.getCause();
      while (cause != null && !(cause instanceof IOException) && cause.getCause() != null) {
        cause = cause.getCause();
      }
      AdapterException.Kind kind =
          cause instanceof InterruptedIOException
              ? AdapterException.Kind.TIMEOUT
              : AdapterException.Kind.CONNECTION;
      return new AdapterException(kind, 0, null, message, ke);
    }
    Duration retryAfter = null;
    if (status != null
        && status.getDetails() != null
        && status.getDetails().getRetryAfterSeconds() != null
        && status.getDetails().getRetryAfterSeconds() > 0) {
      retryAfter = Duration.ofSeconds(status.getDetails().getRetryAfterSeconds());
    }
    return AdapterException.forStatus(code, retryAfter, message);
  }
}
