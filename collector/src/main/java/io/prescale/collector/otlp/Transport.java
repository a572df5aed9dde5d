package io.prescale.collector.otlp;

/** How a request arrived: the {@code transport} label of the collector's own metrics. */
enum Transport {
  HTTP("http"),
  GRPC("grpc"),
  /** Lambda Telemetry API events forwarded by an extension ({@code POST /v1/lambda/telemetry}). */
  LAMBDA_EXTENSION("lambda_extension"),
  /**
   * CloudWatch Logs REPORT lines delivered by Amazon Data Firehose ({@code /v1/lambda/firehose}).
   */
  FIREHOSE("firehose");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
