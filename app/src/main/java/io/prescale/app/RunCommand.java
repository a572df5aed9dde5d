package io.prescale.app;

import io.prescale.app.adapters.AdapterComponent;
import io.prescale.app.autoscale.AutoscalerComponent;
import io.prescale.app.cluster.ClusterComponent;
import io.prescale.app.cluster.ClusterOptions;
import io.prescale.app.cluster.ClusterOwnerComponent;
import io.prescale.app.logs.LogFormat;
import io.prescale.app.logs.LogFormatConverter;
import io.prescale.app.logs.Logs;
import io.prescale.app.policy.PolicyComponent;
import io.prescale.app.shadow.ShadowComponent;
import io.prescale.app.sources.OpenWhiskSourceComponent;
import io.prescale.app.sources.SourcesComponent;
import io.prescale.cluster.ClusterConfig;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.http.BearerToken;
import io.prescale.collector.http.ListenerLimits;
import io.prescale.collector.http.ServerSecurity;
import io.prescale.collector.http.TlsFiles;
import io.prescale.collector.otlp.OtlpOptions;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.collector.window.StoreConfig;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prescale run}: the control plane in one process, serving until SIGTERM / Ctrl-C. */
@Command(
    name = "run",
    header = "Run the control plane: OTLP collector, autoscaler, adapters, API and /metrics.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Starts the control plane: the OTLP collector (HTTP and gRPC) and the API",
      "server (/healthz, /readyz, /metrics, /api/v1/functions). Stops gracefully",
      "on SIGTERM: closes the OTLP ports and ingests what is queued, stops the",
      "autoscaler, writes a final snapshot (with --data-dir), lets adapter calls land.",
      "",
      "Point OpenTelemetry SDKs or an OpenTelemetry Collector at it:",
      "  OTEL_EXPORTER_OTLP_ENDPOINT=http://<host>:4318 (OTLP/HTTP)",
      "  OTEL_EXPORTER_OTLP_ENDPOINT=http://<host>:4317 (OTLP/gRPC)",
      "Listens on 127.0.0.1 by default; use --bind 0.0.0.0 in a container or in",
      "production.",
      ""
    })
public final class RunCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bind",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Address all servers listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String bind;

  @Option(
      names = "--otlp-http-port",
      paramLabel = "PORT",
      defaultValue = "4318",
      description =
          "OTLP/HTTP port: POST /v1/traces, /v1/metrics, /v1/logs (default: ${DEFAULT-VALUE}).")
  int otlpHttpPort;

  @Option(
      names = "--otlp-grpc-port",
      paramLabel = "PORT",
      defaultValue = "4317",
      description = "OTLP/gRPC port (default: ${DEFAULT-VALUE}).")
  int otlpGrpcPort;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description =
          "API server port: /api/v1/functions, /metrics, /healthz, /readyz (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--max-body-size",
      paramLabel = "SIZE",
      defaultValue = "16MiB",
      converter = ByteSizeConverter.class,
      description =
          "Largest OTLP/HTTP body after decompression; larger gets 413 (default: ${DEFAULT-VALUE}).")
  int maxBodySize;

  @Option(
      names = "--max-grpc-message-size",
      paramLabel = "SIZE",
      defaultValue = "16MiB",
      converter = ByteSizeConverter.class,
      description =
          "Largest OTLP/gRPC message, at least 4MiB; larger gets RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
  int maxGrpcMessageSize;

  @Option(
      names = "--ingest-queue-capacity",
      paramLabel = "N",
      defaultValue = "1024",
      description =
          "Decoded requests waiting for the ingest thread before clients get 503 + Retry-After"
              + " (default: ${DEFAULT-VALUE}).")
  int queueCapacity;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Scaling policy file (YAML, see docs/policy.md), reloaded without a restart: an edit in place"
              + " once the file held still for --policy-quiet-period, a file replaced by rename or symlink swap"
              + " within about 1 s; an invalid edit keeps the last good version. Default: built-in defaults.")
  Path config;

  @Option(
      names = "--policy-quiet-period",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "How long an in-place edit of --config must hold still (same size, mtime and SHA-256)"
              + " before it is loaded, so a half-written file is never activated; 0s to 10m (default: ${DEFAULT-VALUE}).")
  Duration policyQuietPeriod;

  @Option(
      names = "--ingest-queue-bytes",
      paramLabel = "SIZE",
      defaultValue = "256MiB",
      converter = ByteSizeConverter.class,
      description =
          "Body bytes waiting for the ingest thread before clients get 503 + Retry-After"
              + " (default: ${DEFAULT-VALUE}).")
  int queueMaxBytes;

  @Option(
      names = "--max-inflight-bytes",
      paramLabel = "SIZE",
      defaultValue = "128MiB",
      converter = ByteSizeConverter.class,
      description =
          "Body bytes being received or decoded (not yet queued) on both OTLP ports; past it new bodies"
              + " get 503 / UNAVAILABLE + Retry-After; at least --max-body-size (default: ${DEFAULT-VALUE}).")
  int maxInflightBytes;

  @Option(
      names = "--header-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.Positive.class,
      description =
          "A request head must arrive within this of the connection opening (HTTP/1.1: also of the"
              + " previous response, the keep-alive wait), on every port; else the connection is closed"
              + " (default: ${DEFAULT-VALUE}).")
  Duration headerTimeout;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.Positive.class,
      description =
          "A request body must arrive within this of its head, on every port; else 408 and the"
              + " connection is closed (HTTP/2: the stream is reset) (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.Positive.class,
      description =
          "A connection with no byte in either direction, or an HTTP/2 connection with no stream,"
              + " for this long is closed, on every port (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "512",
      description =
          "Open connections per port (OTLP/HTTP, OTLP/gRPC, API); more are closed at once"
              + " (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--event-loops",
      paramLabel = "N",
      description = "Event loops serving each OTLP port (default: the number of CPUs).")
  Integer eventLoops;

  @Option(
      names = "--ingest-token-file",
      paramLabel = "FILE",
      description =
          "Require 'Authorization: Bearer <token>' (gRPC metadata 'authorization') on both OTLP ports;"
              + " the token is the file's trimmed content. Without it: 401 / UNAUTHENTICATED. Default: no token.")
  Path ingestTokenFile;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "Require 'Authorization: Bearer <token>' on every API route (/api/..., /metrics) except"
              + " /healthz and /readyz; the token is the file's trimmed content. Default: no token.")
  Path adminTokenFile;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "Serve TLS on all three ports with this PEM certificate (chain); needs --tls-key.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM private key (PKCS#8 or PKCS#1) of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep state in DIR (created if missing): every function's windows are snapshotted to"
              + " DIR/windows.snapshot every --snapshot-interval and at shutdown, and restored at start."
              + " Default: none, no persistence (a restart starts with empty windows).")
  Path dataDir;

  @Option(
      names = "--snapshot-interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.Positive.class,
      description =
          "Time between snapshots to --data-dir; kill -9 loses at most this much (default: ${DEFAULT-VALUE}).")
  Duration snapshotInterval;

  @Option(
      names = "--max-functions",
      paramLabel = "N",
      defaultValue = "100000",
      description =
          "Functions this process tracks at once (in cluster mode: this replica's share); past it new"
              + " functions are refused and counted (prescale_functions_rejected_total); 1 to"
              + " 10,000,000 (default: ${DEFAULT-VALUE}).")
  int maxFunctions = 100_000;

  @Option(
      names = "--shadow-instance-window",
      paramLabel = "DURATION",
      defaultValue = "90s",
      converter = DurationConverter.Positive.class,
      description =
          "Functions in mode: shadow: an instance counts as running on the platform while it served"
              + " a request within this before a tick, the platform's idle retention (90s: Knative's"
              + " stable window + scale-to-zero grace; 10m for Lambda); 1s to 1h (default: ${DEFAULT-VALUE}).")
  Duration shadowInstanceWindow = Duration.ofSeconds(90);

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = LogFormatConverter.class,
      description =
          "Log lines on stderr: text (one line per event) or json (one object per line: time, level,"
              + " logger, message, error.class, error.message, error.stack) (default: ${DEFAULT-VALUE}).")
  LogFormat logFormat = LogFormat.TEXT;

  @CommandLine.Mixin ClusterOptions cluster = new ClusterOptions();

  private ServerSecurity security;

  /**
   * Switches the process's log output to {@code --log-format json} when asked (text is installed by
   * Main).
   */
  public void applyLogFormat() {
    if (logFormat == LogFormat.JSON) {
      Logs.install(logFormat);
    }
  }

  @Override
  public Integer call() throws Exception {
    applyLogFormat();
    OtlpOptions otlp = otlpOptions();
    security();
    clusterConfig(); // a bad --kafka-* value is a usage error before anything starts
    storeConfig();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (PolicyComponent.reportInvalid(config, err)) {
      return 2; // an invalid --config is a usage error: every problem printed, nothing started
    }

    Vertx vertx = Vertx.vertx();
    ControlPlaneContext ctx =
        new ControlPlaneContext(
            vertx, Router.router(vertx), new PrometheusRegistry(), TimeSource.system());
    ControlPlane plane = controlPlane(ctx, otlp);

    try {
      plane.start();
    } catch (Exception e) {
      err.println("prescale run: " + StartupFailure.describe(e));
      err.flush();
      Futures.awaitQuietly(vertx.close());
      return 2; // a port in use, an address not of this host: the operator's to fix
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  plane.stop();
                  Futures.awaitQuietly(vertx.close());
                },
                "prescale-shutdown"));

    var servers = ctx.get(OtlpServers.class);
    var api = ctx.get(ApiServer.class);
    out.printf(
        "prescale listening on %s: OTLP/HTTP :%d, OTLP/gRPC :%d, API %s://%s:%d/ (Ctrl-C to stop)%n",
        bind, servers.httpPort(), servers.grpcPort(), security().scheme(), bind, api.actualPort());
    if (security().ingestToken() != null
        || security().adminToken() != null
        || security().tlsEnabled()) {
      out.printf(
          "security: ingest token %s, admin token %s, TLS %s%n",
          security().ingestToken() != null ? "required" : "off",
          security().adminToken() != null ? "required (except /healthz, /readyz)" : "off",
          security().tlsEnabled() ? "on" : "off");
    }
    out.flush();
    return 0;
  }

  /**
   * The control plane {@code prescale run} starts. {@code prescale demo} uses this command as a
   * picocli mixin (same options) and starts the same plane, so register new components HERE.
   */
  public ControlPlane controlPlane(ControlPlaneContext ctx, OtlpOptions otlp) {
    ControlPlane plane = new ControlPlane(ctx);
    plane.add(
        new SelfMetricsComponent(VersionProvider.version())); // JVM, process, prescale_build_info
    // One line per component, in start order (stopped in reverse). Components that feed the
    // collector (a TelemetrySink put in the context) come before it; ApiServerComponent stays last.
    plane.add(new PolicyComponent(config, policyQuietPeriod));
    ClusterConfig clustered = clusterConfig();
    if (clustered != null) {
      plane.add(
          new ClusterComponent(
              clustered, storeConfig())); // topics, producer: before adapters and data
    }
    plane.add(new AdapterComponent()); // DecisionSink for the autoscaler: keep before it
    plane.add(
        new FunctionDataComponent(
            storeConfig())); // the TelemetrySink and store: keep before the collector
    if (clustered != null) {
      plane.add(new ClusterOwnerComponent()); // joins the owners' group over the store
    } else if (dataDir() != null) {
      plane.add(
          new SnapshotComponent(
              dataDir, snapshotInterval)); // restore before ingest; final snapshot after the drain
    }
    plane.add(new OpenWhiskSourceComponent(dataDir())); // policy sources.openwhisk: after restore
    plane.add(new CollectorComponent(otlp, security()));
    plane.add(new SourcesComponent()); // the policy's sources: scraped into the same sink
    plane.add(
        new ShadowComponent(
            dataDir,
            snapshotInterval,
            shadowInstanceWindow)); // shadow decisions kept from the adapters: before the loop
    plane.add(new AutoscalerComponent()); // loop every 2 s, /api/v1/decisions
    plane.add(new ApiServerComponent(bind, httpPort, plane::isReady, security(), otlp.limits()));
    return plane;
  }

  /** The function store's bounds: {@code --max-functions}; a bad value is a usage error. */
  public StoreConfig storeConfig() {
    try {
      return StoreConfig.defaults().withMaxFunctions(maxFunctions);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-functions = " + maxFunctions + ", must be in [1; 10000000]");
    }
  }

  /**
   * Cluster mode's settings, or null when --kafka-bootstrap is not given; a bad value: usage error.
   */
  public ClusterConfig clusterConfig() {
    if (!cluster.enabled()) {
      return null;
    }
    try {
      return cluster.config(httpPort);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
  }

  /**
   * Tokens and TLS files of the listeners, read once (the files are not read again); a missing,
   * unreadable or empty file is a usage error naming the option and the file, never the content.
   */
  public synchronized ServerSecurity security() {
    if (security == null) {
      try {
        var ingest =
            ingestTokenFile == null
                ? null
                : BearerToken.fromFile("--ingest-token-file", ingestTokenFile);
        var admin =
            adminTokenFile == null
                ? null
                : BearerToken.fromFile("--admin-token-file", adminTokenFile);
        var tls = tlsCert == null && tlsKey == null ? null : TlsFiles.load(tlsCert, tlsKey);
        security = new ServerSecurity(ingest, admin, tls);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    return security;
  }

  /**
   * --data-dir, created when missing; null when not given. Not a writable directory: a usage error.
   */
  public Path dataDir() {
    if (dataDir != null) {
      try {
        Files.createDirectories(dataDir);
      } catch (IOException | RuntimeException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--data-dir " + dataDir + " cannot be created: " + e.getMessage());
      }
      if (!Files.isWritable(dataDir)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--data-dir " + dataDir + " is not writable");
      }
    }
    return dataDir;
  }

  /** The validated OTLP options; a bad value is a usage error of the command. */
  public OtlpOptions otlpOptions() {
    OtlpOptions o =
        OtlpOptions.defaults()
            .withBindHost(bind)
            .withPorts(otlpHttpPort, otlpGrpcPort)
            .withMaxBodyBytes(maxBodySize)
            .withMaxGrpcMessageBytes(maxGrpcMessageSize)
            .withQueueCapacity(queueCapacity)
            .withQueueMaxBytes(queueMaxBytes)
            .withMaxInflightBytes(maxInflightBytes)
            .withLimits(
                ListenerLimits.defaults()
                    .withHeaderTimeout(headerTimeout)
                    .withRequestTimeout(requestTimeout)
                    .withIdleTimeout(idleTimeout)
                    .withMaxConnections(maxConnections));
    if (eventLoops != null) {
      o = o.withServerInstances(eventLoops);
    }
    try {
      InetAddress.getByName(bind);
    } catch (UnknownHostException | SecurityException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--bind = "
              + bind
              + " is not an IP address or a host name that resolves (e.g. 127.0.0.1, 0.0.0.0, ::)");
    }
    try {
      o.validate();
      if (policyQuietPeriod != null && policyQuietPeriod.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "policy-quiet-period = "
                + Durations.format(policyQuietPeriod)
                + ", must be in [0s; 10m]");
      }
      ShadowComponent.checkWindow(shadowInstanceWindow);
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException("http-port = " + httpPort + ", must be in [0; 65535]");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    return o;
  }
}
