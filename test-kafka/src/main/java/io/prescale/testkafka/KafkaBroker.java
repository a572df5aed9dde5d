package io.prescale.testkafka;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for tests: one KRaft node (broker and controller in one process) in a
 * child JVM whose classpath holds the broker's jars, so none of them reach the test's own
 * classpath. Listeners are on 127.0.0.1 at ports chosen once by this class and kept across {@link
 * #restart()}, so clients keep their bootstrap address; the log directory is kept too.
 *
 * <p>The child's stdout and stderr go to {@link #logFile()}; a failure to start throws with the
 * tail of that file. The child halts when the test JVM exits (it watches its stdin, a pipe this JVM
 * holds open) and a shutdown hook here kills any broker still running.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(tempDir)) {
 *   kafka.createTopic("events", 3, Map.of());
 *   ... new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), ...))
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KafkaBroker.class.getName());
  private static final int LOG_TAIL_LINES = 60;

  private final Path workDir;
  private final Path logFile;
  private final Path propertiesFile;
  private final Path loggingFile;
  private final String clusterId = Uuid.randomUuid().toString();
  private final int brokerPort;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private final Duration startupTimeout;
  private final Duration stopTimeout;
  private final String heap;
  private Process process;
  private OutputStream parentPipe;

  private KafkaBroker(Builder builder) throws IOException {
    this.workDir = builder.workDir.toAbsolutePath();
    this.logFile = workDir.resolve("broker.log");
    this.propertiesFile = workDir.resolve("server.properties");
    this.loggingFile = workDir.resolve("logging.properties");
    this.overrides = Map.copyOf(builder.overrides);
    this.startupTimeout = builder.startupTimeout;
    this.stopTimeout = builder.stopTimeout;
    this.heap = builder.heap;
    int[] ports = freePorts(2);
    this.brokerPort = ports[0];
    this.controllerPort = ports[1];
  }

  /** Starts a broker with the test defaults ({@link BrokerConfig}) in {@code workDir}. */
  public static KafkaBroker start(Path workDir) {
    return builder(workDir).start();
  }

  /** A broker in {@code workDir} (created if missing) with settings to change before start. */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /** {@code 127.0.0.1:<port>}: the PLAINTEXT listener, the same across restarts. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** The KRaft cluster id the log directory was formatted with. */
  public String clusterId() {
    return clusterId;
  }

  /** A new Admin client on this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(adminConfig(Duration.ofSeconds(30)));
  }

  /**
   * Creates a topic with replication factor 1 and the given topic configs (for example {@code
   * cleanup.policy=compact}), waiting at most 30 s.
   */
  public void createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "creating topic "
              + name
              + " ("
              + partitions
              + " partitions, "
              + configs
              + ") failed: "
              + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  /** Whether the child JVM is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The process id of the running child JVM. */
  public synchronized long pid() {
    requireRunning("pid");
    return process.pid();
  }

  /** The child's stdout and stderr, appended to across restarts. */
  public Path logFile() {
    return logFile;
  }

  /** The directory holding the log directory, the configuration and {@link #logFile()}. */
  public Path workDir() {
    return workDir;
  }

  /**
   * Graceful stop: SIGTERM, so the broker runs its shutdown; waits for the configured stop timeout
   * (30 s by default), then kills it.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    if (process.isAlive()) {
      // SIGTERM through the handle: Process.destroy() would also close the child's stdin, which
      // BrokerMain takes for the death of this JVM and halts without the broker's shutdown
      process.toHandle().destroy();
      if (!waitFor(stopTimeout)) {
        LOG.warning(
            "kafka broker "
                + bootstrapServers()
                + " did not stop within "
                + stopTimeout.toMillis()
                + " ms of SIGTERM: killing it (log "
                + logFile
                + ")");
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
      }
    }
    release();
  }

  /** Kill -9: the broker gets no chance to shut down; data the OS has written stays. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    if (!waitFor(Duration.ofSeconds(10))) {
      throw new IllegalStateException(
          "kafka broker pid " + process.pid() + " still alive 10 s after SIGKILL");
    }
    release();
  }

  /**
   * Starts the broker again on the same log directory and the same ports (stopping it first if it
   * runs); returns when it answers, like {@link #start(Path)}.
   */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Stops the broker and deletes {@link #workDir()}. */
  @Override
  public synchronized void close() {
    stop();
    deleteRecursively(workDir);
  }

  synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException("kafka broker " + bootstrapServers() + " already runs");
    }
    long started = System.nanoTime();
    try {
      Files.createDirectories(workDir);
      Files.writeString(
          propertiesFile,
          BrokerConfig.serverProperties(
              brokerPort, controllerPort, workDir.resolve("kraft-logs"), overrides));
      Files.writeString(loggingFile, BrokerConfig.loggingProperties());
      Files.writeString(
          logFile,
          "---- " + Instant.now() + " starting kafka broker " + bootstrapServers() + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command())
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(logFile.toFile()));
      process = builder.start();
      parentPipe = process.getOutputStream();
      ChildReaper.register(process);
    } catch (IOException e) {
      throw new UncheckedIOException("starting the kafka broker in " + workDir + " failed", e);
    }
    awaitReady(started);
  }

  private List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.add("-Djava.util.logging.config.file=" + loggingFile);
    command.add("-Djava.util.logging.manager=" + ChildLogManager.class.getName());
    command.add("-cp");
    command.add(launcherLocation() + File.pathSeparator + BrokerClasspath.read());
    command.add(BrokerMain.class.getName());
    command.add(propertiesFile.toString());
    command.add(clusterId);
    return command;
  }

  private void awaitReady(long startedNanos) {
    long deadline = startedNanos + startupTimeout.toNanos();
    Exception last = null;
    try (Admin admin = Admin.create(adminConfig(Duration.ofSeconds(2)))) {
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          int exit = process.exitValue();
          release();
          throw new IllegalStateException(
              "kafka broker exited with code " + exit + " while starting; " + logTail());
        }
        if (!listening()) {
          Thread.sleep(100);
          continue;
        }
        try {
          Collection<?> nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
          if (!nodes.isEmpty()) {
            LOG.info(
                "kafka broker on "
                    + bootstrapServers()
                    + " ready in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)
                    + " ms (pid "
                    + process.pid()
                    + ", log "
                    + logFile
                    + ")");
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      throw new IllegalStateException("interrupted while waiting for the kafka broker", e);
    }
    kill();
    throw new IllegalStateException(
        "kafka broker on "
            + bootstrapServers()
            + " did not answer describeCluster within "
            + startupTimeout.toMillis()
            + " ms (last error: "
            + last
            + "); "
            + logTail());
  }

  /** A TCP connect first, so the Admin client does not log a refused connection every 100 ms. */
  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), brokerPort), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Closes the child's stdin as the death of this JVM would (tests of BrokerMain's watch). */
  void closeParentPipe() throws IOException {
    parentPipe.close();
  }

  /** The running child process (tests). */
  Process process() {
    requireRunning("process");
    return process;
  }

  private Map<String, Object> adminConfig(Duration timeout) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200);
    return config;
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "last " + tail.size() + " lines of " + logFile + ":\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "its log " + logFile + " is unreadable: " + e;
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while waiting for the kafka broker to exit", e);
    }
  }

  private void release() {
    ChildReaper.unregister(process);
    try {
      parentPipe.close();
    } catch (IOException ignored) {
      // the child is gone; its end of the pipe with it
    }
  }

  private void requireRunning(String what) {
    if (!isRunning()) {
      throw new IllegalStateException(what + ": the kafka broker is not running");
    }
  }

  private static String launcherLocation() {
    try {
      return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("where BrokerMain was loaded from is not a path", e);
    }
  }

  private static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting the kafka broker's directory " + dir, e);
    }
  }

  /** Settings before {@link #start()}. */
  public static final class Builder {
    private final Path workDir;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startupTimeout = Duration.ofSeconds(60);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private String heap = "512m";

    private Builder(Path workDir) {
      this.workDir = Objects.requireNonNull(workDir, "workDir");
    }

    private static Duration positive(String name, Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + timeout);
      }
      return timeout;
    }

    /**
     * A broker setting ({@code server.properties} key) over the test defaults, for example {@code
     * log.cleaner.backoff.ms}.
     */
    public Builder config(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /** How long {@link #start()} and {@link KafkaBroker#restart()} wait: 60 s by default. */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = positive("startupTimeout", timeout);
      return this;
    }

    /** How long {@link KafkaBroker#stop()} waits after SIGTERM: 30 s by default. */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = positive("stopTimeout", timeout);
      return this;
    }

    /** The child's maximum heap ({@code -Xmx}): {@code 512m} by default. */
    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    /** Starts the broker and returns once an Admin client's describeCluster succeeds. */
    public KafkaBroker start() {
      KafkaBroker broker;
      try {
        broker = new KafkaBroker(this);
      } catch (IOException e) {
        throw new UncheckedIOException("choosing free ports for the kafka broker", e);
      }
      broker.launch();
      return broker;
    }
  }
}
