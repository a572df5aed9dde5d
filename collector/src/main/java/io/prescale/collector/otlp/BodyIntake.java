package io.prescale.collector.otlp;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.function.Consumer;

/**
 * Reads a request body into a {@link BodyCollector} within the {@link InflightBytes} budget, for
 * every HTTP ingest endpoint (OTLP/HTTP, Lambda): a body past the budget is refused as busy, one
 * past the limit as too large, and the budget share is released however the exchange ends.
 */
final class BodyIntake {
  private BodyIntake() {}

  /**
   * Starts reading; exactly one of {@code busy}, {@code tooLarge} (with its message) or {@code
   * complete} runs, unless the connection breaks first. {@code complete} holds the share until the
   * caller releases it.
   */
  static void read(
      HttpServerRequest req,
      BodyCollector body,
      InflightBytes.Share share,
      int maxBodyBytes,
      Runnable busy,
      Consumer<String> tooLarge,
      Runnable complete) {
    boolean[] refused = {false};
    req.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (!share.add(chunk.length())) {
            refused[0] = true;
            share.release();
            busy.run();
          } else if (!body.append(chunk)) {
            refused[0] = true;
            share.release();
            tooLarge.accept("body is larger than max-body-size = " + maxBodyBytes + " bytes");
          }
        });
    req.exceptionHandler(e -> share.release()); // connection problems: nothing to answer
    req.response().closeHandler(v -> share.release());
    req.response()
        .endHandler(v -> share.release()); // answered early (refusal, 408): the rest is dropped
    req.endHandler(
        v -> {
          if (!refused[0]) {
            complete.run();
          }
        });
  }

  /**
   * Before answering a refusal: not-yet-read body chunks are dropped and the connection stays
   * usable, except after {@code Expect: 100-continue}, where the client may skip the body it
   * announced, so the connection cannot carry another request.
   */
  static void discardRest(HttpServerRequest req) {
    if (!req.isEnded()) {
      req.handler(chunk -> {});
      req.endHandler(v -> {});
      if (req.version() != HttpVersion.HTTP_2
          && "100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
        req.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
    }
  }
}
