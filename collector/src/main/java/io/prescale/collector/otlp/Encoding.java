package io.prescale.collector.otlp;

import java.util.Locale;

/** OTLP payload encodings; the answer uses the request's encoding. */
enum Encoding {
  PROTOBUF("protobuf", "application/x-protobuf"),
  JSON("json", "application/json");

  private final String label;
  private final String contentType;

  Encoding(String label, String contentType) {
    this.label = label;
    this.contentType = contentType;
  }

  String label() {
    return label;
  }

  String contentType() {
    return contentType;
  }

  /** The encoding named by a Content-Type header (parameters ignored), or null if unsupported. */
  static Encoding ofContentType(String header) {
    if (header == null) {
      return null;
    }
    int semi = header.indexOf(';');
    String type = (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    switch (type) {
      case "application/x-protobuf":
      case "application/protobuf":
        return PROTOBUF;
      case "application/json":
        return JSON;
      default:
        return null;
    }
  }
}
