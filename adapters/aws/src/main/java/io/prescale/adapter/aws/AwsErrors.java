package io.prescale.adapter.aws;

import io.prescale.adapter.http.RetryAfter;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.AdapterException.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Classifies SDK failures: throttling (429, or a throttling error code such as the query API's
 * {@code Throttling}) waits at least Retry-After; 409 and the "busy, try again" codes re-read then
 * retry; 5xx and client-side I/O retry; other 4xx (not found, validation, access denied) reject.
 */
public final class AwsErrors {
  private static final Set<String> BUSY =
      Set.of(
          "ResourceConflictException",
          "ScalingActivityInProgress",
          "ScalingActivityInProgressFault",
          "ResourceContention",
          "ResourceContentionFault");

  private AwsErrors() {}

  /**
   * Runs one blocking SDK call; its failure becomes the {@link AdapterException} {@link #map}
   * gives.
   */
  public static <T> T call(Supplier<T> body, String what, Instant now) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw map(e, what, now);
    }
  }

  public static AdapterException map(RuntimeException e, String what, Instant now) {
    if (e instanceof AdapterException ae) {
      return ae;
    }
    if (e instanceof AwsServiceException ase) {
      int status = ase.statusCode();
      String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
      String message =
          what
              + ": "
              + (code == null ? "" : code + ": ")
              + (ase.awsErrorDetails() == null || ase.awsErrorDetails().errorMessage() == null
                  ? ase.getMessage()
                  : ase.awsErrorDetails().errorMessage());
      Duration retryAfter = null;
      if (ase.awsErrorDetails() != null && ase.awsErrorDetails().sdkHttpResponse() != null) {
        retryAfter =
            RetryAfter.parse(
                ase.awsErrorDetails()
                    .sdkHttpResponse()
                    .firstMatchingHeader("Retry-After")
                    .orElse(null),
                now);
      }
      if (ase.isThrottlingException() || status == 429) {
        return new AdapterException(Kind.THROTTLED, status, retryAfter, message, e);
      }
      if (status == 409 || (code != null && BUSY.contains(code))) {
        return new AdapterException(Kind.CONFLICT, status, null, message, e);
      }
      return AdapterException.forStatus(status, retryAfter, message);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new AdapterException(Kind.TIMEOUT, 0, null, what + ": " + e.getMessage(), e);
    }
    if (e instanceof SdkClientException) {
      Throwable c = e.getCause();
      while (c != null && !(c instanceof IOException) && c.getCause() != null) {
        c = c.getCause();
      }
      Kind kind = c instanceof SocketTimeoutException ? Kind.TIMEOUT : Kind.CONNECTION;
      return new AdapterException(kind, 0, null, what + ": " + e.getMessage(), e);
    }
    return new AdapterException(Kind.SERVER_ERROR, 0, null, what + ": " + e, e);
  }
}
