package io.prescale.adapter.engine;

import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.AdapterException.Kind;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever an adapter failed with into the {@link AdapterException} the engine acts on: an
 * {@link AdapterException} as it is; timeouts ({@link HttpTimeoutException}, {@link
 * TimeoutException}, socket timeouts) TIMEOUT; other I/O errors CONNECTION; {@link
 * IllegalArgumentException} REJECTED; anything else SERVER_ERROR. Public for adapter tests ({@code
 * AdapterContractTest}).
 */
public final class Failures {
  private Failures() {}

  public static AdapterException classify(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof AdapterException ae) {
      return ae;
    }
    String message =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    if (e instanceof HttpTimeoutException
        || e instanceof TimeoutException
        || e instanceof SocketTimeoutException) {
      return new AdapterException(Kind.TIMEOUT, 0, null, message, e);
    }
    if (e instanceof IOException) {
      return new AdapterException(Kind.CONNECTION, 0, null, message, e);
    }
    if (e instanceof IllegalArgumentException) {
      return new AdapterException(Kind.REJECTED, 0, null, message, e);
    }
    return new AdapterException(Kind.SERVER_ERROR, 0, null, message, e);
  }
}
