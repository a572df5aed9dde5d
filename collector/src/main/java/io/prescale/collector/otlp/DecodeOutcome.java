package io.prescale.collector.otlp;

/**
 * What became of a body after its decode worker ran: queued for the ingest thread (the answer
 * follows from the sink), or refused for the reason the transport then answers with.
 */
record DecodeOutcome(Kind kind, String message) {
  enum Kind {
    QUEUED,
    QUEUE_FULL,
    INFLIGHT_FULL,
    TOO_LARGE,
    MALFORMED
  }

  static final DecodeOutcome QUEUED = new DecodeOutcome(Kind.QUEUED, "");
  static final DecodeOutcome QUEUE_FULL = new DecodeOutcome(Kind.QUEUE_FULL, "");
  static final DecodeOutcome INFLIGHT_FULL = new DecodeOutcome(Kind.INFLIGHT_FULL, "");

  static DecodeOutcome tooLarge(String message) {
    return new DecodeOutcome(Kind.TOO_LARGE, message);
  }

  static DecodeOutcome malformed(String message) {
    return new DecodeOutcome(Kind.MALFORMED, message);
  }
}
