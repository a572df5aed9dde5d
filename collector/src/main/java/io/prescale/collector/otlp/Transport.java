package io.prescale.collector.otlp;

/** How a request arrived: the {@code transport} label of the collector's own metrics. */
enum Transport {
  HTTP("http"),
  GRPC("grpc");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
