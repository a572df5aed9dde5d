package io.prescale.app.demo;

/**
 * Where the emulated platform reports each completed invocation ({@link SpanEmitter} in the demo).
 */
interface SpanSink {

  /** One invocation of function {@code f}, from arrival to response (cold start included). */
  void emit(int f, long startEpochNanos, long endEpochNanos, boolean coldStart, String instance);
}
