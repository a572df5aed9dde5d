package io.prescale.collector.otlp;

import io.prescale.collector.lambda.FirehoseBatch;
import io.prescale.collector.lambda.LambdaBatch;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code prescale_lambda_records_total{source, outcome}}: what the Lambda endpoints read, record by
 * record. Requests refused as a whole are in {@code prescale_otlp_refused_requests_total} under the
 * transports {@code lambda_extension} and {@code firehose}.
 */
final class LambdaMetrics {
  private final Source extension;
  private final Source firehose;

  /** The counters of one source. */
  static final class Source {
    final CounterDataPoint reports;
    final CounterDataPoint coldStarts;
    final CounterDataPoint initStarts;
    final CounterDataPoint ignored;
    final CounterDataPoint malformed;
    final CounterDataPoint control;

    Source(Counter c, String source) {
      reports = c.labelValues(source, "report");
      coldStarts = c.labelValues(source, "cold_start_report");
      initStarts = c.labelValues(source, "init_start");
      ignored = c.labelValues(source, "ignored");
      malformed = c.labelValues(source, "malformed");
      control = c.labelValues(source, "control_message");
    }

    void count(LambdaBatch b) {
      reports.inc(b.reports());
      coldStarts.inc(b.coldStarts());
      initStarts.inc(b.initStarts().values().stream().mapToLong(Long::longValue).sum());
      ignored.inc(b.ignored());
      malformed.inc(b.malformed());
    }

    void count(FirehoseBatch b) {
      count(b.batch());
      control.inc(b.controlMessages());
    }
  }

  LambdaMetrics(PrometheusRegistry registry) {
    Counter c =
        Counter.builder()
            .name("prescale_lambda_records")
            .help(
                "Lambda platform records read, by source (lambda_extension, firehose) and outcome:"
                    + " report (an invocation), cold_start_report (of which cold starts), init_start,"
                    + " ignored (other events and log lines), malformed (skipped), control_message")
            .labelNames("source", "outcome")
            .register(registry);
    extension = new Source(c, Transport.LAMBDA_EXTENSION.label());
    firehose = new Source(c, Transport.FIREHOSE.label());
  }

  Source extension() {
    return extension;
  }

  Source firehose() {
    return firehose;
  }
}
