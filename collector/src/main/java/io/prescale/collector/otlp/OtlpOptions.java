package io.prescale.collector.otlp;

/**
 * Settings of the OTLP servers. Build with {@link #defaults()} and the {@code with*} methods;
 * {@link #validate()} names the key, the value and the allowed range of the first bad setting.
 *
 * @param bindHost          address both servers listen on (127.0.0.1 by default; 0.0.0.0 in production)
 * @param httpPort          OTLP/HTTP port, 0 for an ephemeral one
 * @param grpcPort          OTLP/gRPC port, 0 for an ephemeral one
 * @param maxBodyBytes      largest OTLP/HTTP body, counted after decompression
 * @param maxGrpcMessageBytes largest gRPC message
 * @param queueCapacity     requests waiting for the ingest thread before clients are throttled
 * @param queueMaxBytes     decoded bodies' bytes waiting for the ingest thread before clients are throttled
 * @param retryAfterSeconds the Retry-After given to throttled clients
 * @param serverInstances   event loops serving each port
 */
public record OtlpOptions(
    String bindHost,
    int httpPort,
    int grpcPort,
    int maxBodyBytes,
    int maxGrpcMessageBytes,
    int queueCapacity,
    long queueMaxBytes,
    int retryAfterSeconds,
    int serverInstances) {

  public static final int DEFAULT_HTTP_PORT = 4318;
  public static final int DEFAULT_GRPC_PORT = 4317;
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  public static final int MIN_MAX_BODY_BYTES = 1024;
  public static final int MIN_GRPC_MESSAGE_BYTES = 4 * 1024 * 1024;
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;
  public static final long DEFAULT_QUEUE_MAX_BYTES = 256L * 1024 * 1024;

  public static OtlpOptions defaults() {
    return new OtlpOptions(
        "127.0.0.1",
        DEFAULT_HTTP_PORT,
        DEFAULT_GRPC_PORT,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_QUEUE_CAPACITY,
        DEFAULT_QUEUE_MAX_BYTES,
        1,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public OtlpOptions withBindHost(String v) {
    return new OtlpOptions(v, httpPort, grpcPort, maxBodyBytes, maxGrpcMessageBytes, queueCapacity, queueMaxBytes, retryAfterSeconds, serverInstances);
  }

  public OtlpOptions withPorts(int http, int grpc) {
    return new OtlpOptions(bindHost, http, grpc, maxBodyBytes, maxGrpcMessageBytes, queueCapacity, queueMaxBytes, retryAfterSeconds, serverInstances);
  }

  public OtlpOptions withMaxBodyBytes(int v) {
    return new OtlpOptions(bindHost, httpPort, grpcPort, v, maxGrpcMessageBytes, queueCapacity, queueMaxBytes, retryAfterSeconds, serverInstances);
  }

  public OtlpOptions withMaxGrpcMessageBytes(int v) {
    return new OtlpOptions(bindHost, httpPort, grpcPort, maxBodyBytes, v, queueCapacity, queueMaxBytes, retryAfterSeconds, serverInstances);
  }

  public OtlpOptions withQueueCapacity(int v) {
    return new OtlpOptions(bindHost, httpPort, grpcPort, maxBodyBytes, maxGrpcMessageBytes, v, queueMaxBytes, retryAfterSeconds, serverInstances);
  }

  public OtlpOptions withQueueMaxBytes(long v) {
    return new OtlpOptions(bindHost, httpPort, grpcPort, maxBodyBytes, maxGrpcMessageBytes, queueCapacity, v, retryAfterSeconds, serverInstances);
  }

  public OtlpOptions withRetryAfterSeconds(int v) {
    return new OtlpOptions(bindHost, httpPort, grpcPort, maxBodyBytes, maxGrpcMessageBytes, queueCapacity, queueMaxBytes, v, serverInstances);
  }

  public OtlpOptions withServerInstances(int v) {
    return new OtlpOptions(bindHost, httpPort, grpcPort, maxBodyBytes, maxGrpcMessageBytes, queueCapacity, queueMaxBytes, retryAfterSeconds, v);
  }

  /** Throws {@link IllegalArgumentException} naming the key, the value and the allowed range. */
  public OtlpOptions validate() {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bind = '" + bindHost + "', must be a host name or IP address");
    }
    port("otlp-http-port", httpPort);
    port("otlp-grpc-port", grpcPort);
    range("max-body-size", maxBodyBytes, MIN_MAX_BODY_BYTES, Integer.MAX_VALUE - 8);
    range("max-grpc-message-size", maxGrpcMessageBytes, MIN_GRPC_MESSAGE_BYTES, Integer.MAX_VALUE - 8);
    range("ingest-queue-capacity", queueCapacity, 1, 1_000_000);
    range("ingest-queue-bytes", queueMaxBytes, 1024 * 1024, 64L * 1024 * 1024 * 1024);
    range("retry-after-seconds", retryAfterSeconds, 1, 3600);
    range("server-instances", serverInstances, 1, 256);
    return this;
  }

  private static void port(String key, int value) {
    range(key, value, 0, 65535);
  }

  private static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " = " + value + ", must be in [" + min + "; " + max + "]");
    }
  }
}
