package io.prescale.collector.http;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /metrics}: the registry in Prometheus text format, or OpenMetrics when the scraper's
 * {@code Accept} asks for it. Scrapes run on a worker thread, not the event loop.
 */
final class MetricsHandler implements Handler<RoutingContext> {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsHandler(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext rc) {
    ExpositionFormatWriter writer = writerFor(rc.request().getHeader(HttpHeaders.ACCEPT));
    rc.vertx()
        .executeBlocking(() -> render(writer), false)
        .onSuccess(
            body ->
                rc.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, writer.getContentType())
                    .end(body))
        .onFailure(rc::fail);
  }

  /**
   * OpenMetrics or Prometheus text; never the protobuf format (it needs a module we do not ship).
   */
  ExpositionFormatWriter writerFor(String accept) {
    ExpositionFormatWriter w = formats.findWriter(accept);
    if (w == null || !w.isAvailable() || w == formats.getPrometheusProtobufWriter()) {
      return formats.getPrometheusTextFormatWriter();
    }
    return w;
  }

  private Buffer render(ExpositionFormatWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
