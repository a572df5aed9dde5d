package io.prescale.collector.otlp;

import io.prescale.collector.http.ListenerLimits;

/**
 * Settings of the OTLP servers. Build with {@link #defaults()} and the {@code with*} methods;
 * {@link #validate()} names the key, the value and the allowed range of the first bad setting.
 *
 * @param bindHost address both servers listen on (127.0.0.1 by default; 0.0.0.0 in production)
 * @param httpPort OTLP/HTTP port, 0 for an ephemeral one
 * @param grpcPort OTLP/gRPC port, 0 for an ephemeral one
 * @param maxBodyBytes largest OTLP/HTTP body, counted after decompression
 * @param maxGrpcMessageBytes largest gRPC message
 * @param queueCapacity requests waiting for the ingest thread before clients are throttled
 * @param queueMaxBytes decoded bodies' bytes waiting for the ingest thread before clients are
 *     throttled
 * @param retryAfterSeconds the Retry-After given to throttled clients
 * @param serverInstances event loops serving each port
 * @param maxInflightBytes body bytes being received, inflated or decoded at once on both ports (not
 *     yet queued); past it new bodies get 503 / UNAVAILABLE with Retry-After
 * @param limits timeouts and connection cap of both listeners
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
    int serverInstances,
    long maxInflightBytes,
    ListenerLimits limits) {

  public static final int DEFAULT_HTTP_PORT = 4318;
  public static final int DEFAULT_GRPC_PORT = 4317;
  public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
  public static final int MIN_MAX_BODY_BYTES = 1024;
  public static final int MIN_GRPC_MESSAGE_BYTES = 4 * 1024 * 1024;
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;
  public static final long DEFAULT_QUEUE_MAX_BYTES = 256L * 1024 * 1024;
  public static final long DEFAULT_MAX_INFLIGHT_BYTES = 128L * 1024 * 1024;

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
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        DEFAULT_MAX_INFLIGHT_BYTES,
        ListenerLimits.defaults());
  }

  public OtlpOptions withBindHost(String v) {
    return new OtlpOptions(
        v,
        httpPort,
        grpcPort,
        maxBodyBytes,
        maxGrpcMessageBytes,
        queueCapacity,
        queueMaxBytes,
        retryAfterSeconds,
        serverInstances,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withPorts(int http, int grpc) {
    return new OtlpOptions(
        bindHost,
        http,
        grpc,
        maxBodyBytes,
        maxGrpcMessageBytes,
        queueCapacity,
        queueMaxBytes,
        retryAfterSeconds,
        serverInstances,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withMaxBodyBytes(int v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        v,
        maxGrpcMessageBytes,
        queueCapacity,
        queueMaxBytes,
        retryAfterSeconds,
        serverInstances,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withMaxGrpcMessageBytes(int v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        maxBodyBytes,
        v,
        queueCapacity,
        queueMaxBytes,
        retryAfterSeconds,
        serverInstances,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withQueueCapacity(int v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        maxBodyBytes,
        maxGrpcMessageBytes,
        v,
        queueMaxBytes,
        retryAfterSeconds,
        serverInstances,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withQueueMaxBytes(long v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        maxBodyBytes,
        maxGrpcMessageBytes,
        queueCapacity,
        v,
        retryAfterSeconds,
        serverInstances,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withRetryAfterSeconds(int v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        maxBodyBytes,
        maxGrpcMessageBytes,
        queueCapacity,
        queueMaxBytes,
        v,
        serverInstances,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withServerInstances(int v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        maxBodyBytes,
        maxGrpcMessageBytes,
        queueCapacity,
        queueMaxBytes,
        retryAfterSeconds,
        v,
        maxInflightBytes,
        limits);
  }

  public OtlpOptions withMaxInflightBytes(long v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        maxBodyBytes,
        maxGrpcMessageBytes,
        queueCapacity,
        queueMaxBytes,
        retryAfterSeconds,
        serverInstances,
        v,
        limits);
  }

  public OtlpOptions withLimits(ListenerLimits v) {
    return new OtlpOptions(
        bindHost,
        httpPort,
        grpcPort,
        maxBodyBytes,
        maxGrpcMessageBytes,
        queueCapacity,
        queueMaxBytes,
        retryAfterSeconds,
        serverInstances,
        maxInflightBytes,
        v);
  }

  /** Throws {@link IllegalArgumentException} naming the key, the value and the allowed range. */
  public OtlpOptions validate() {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException(
          "bind = '" + bindHost + "', must be a host name or IP address");
    }
    port("otlp-http-port", httpPort);
    port("otlp-grpc-port", grpcPort);
    range("max-body-size", maxBodyBytes, MIN_MAX_BODY_BYTES, Integer.MAX_VALUE - 8);
    range(
        "max-grpc-message-size",
        maxGrpcMessageBytes,
        MIN_GRPC_MESSAGE_BYTES,
        Integer.MAX_VALUE - 8);
    range("ingest-queue-capacity", queueCapacity, 1, 1_000_000);
    range("ingest-queue-bytes", queueMaxBytes, 1024 * 1024, 64L * 1024 * 1024 * 1024);
    range("retry-after-seconds", retryAfterSeconds, 1, 3600);
    range("server-instances", serverInstances, 1, 256);
    // one body of the largest size must fit, raw and (gzip) inflated
    long oneBody = Math.max(maxBodyBytes, maxGrpcMessageBytes);
    if (maxInflightBytes < oneBody || maxInflightBytes > 64L * 1024 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "max-inflight-bytes = "
              + maxInflightBytes
              + ", must be in ["
              + oneBody
              + " (the larger of max-body-size and max-grpc-message-size); "
              + 64L * 1024 * 1024 * 1024
              + "]");
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits = null, must be set");
    }
    limits.validate();
    return this;
  }

  private static void port(String key, int value) {
    range(key, value, 0, 65535);
  }

  private static void range(String key, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          key + " = " + value + ", must be in [" + min + "; " + max + "]");
    }
  }
}
