package io.prescale.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.core.time.Durations;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Renders a page in the real headless Chromium (Debian's {@code chromium}) for tests: starts a
 * fresh browser (own temporary profile, no sandbox, no GPU, no background networking), drives it
 * over the DevTools protocol on a loopback WebSocket ({@link DevTools}), loads one {@code file://}
 * or {@code http://127.0.0.1} page in a window of the given size and returns the rendered DOM,
 * every error the page produced (uncaught exceptions, {@code console.error}, failed loads) and
 * every request it made that left the machine, plus a PNG screenshot of the window. One call is
 * bounded by a hard timeout; the browser and its children are killed and the profile deleted
 * afterwards.
 *
 * <p>{@link #find()} looks for {@code $PRESCALE_CHROMIUM}, then {@code chromium}, {@code
 * chromium-browser}, {@code google-chrome} on the {@code PATH}; {@link #require()} fails with how
 * to install it (tests must not pass by skipping; {@code .ci/run} installs it).
 */
public final class HeadlessChromium {
  /** How to get a browser, for failure messages. */
  public static final String INSTALL =
      "headless Chromium is needed for this test and was not found (looked for $PRESCALE_CHROMIUM,"
          + " chromium, chromium-browser, google-chrome on the PATH): install it with `sudo"
          + " apt-get install -y --no-install-recommends chromium` (Debian/Ubuntu; .ci/run does"
          + " this) or point PRESCALE_CHROMIUM at a Chromium binary";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome");

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Path binary;
  private final Duration timeout;

  private HeadlessChromium(Path binary, Duration timeout) {
    this.binary = binary;
    this.timeout = timeout;
  }

  /** The browser found on this machine, or empty. */
  public static Optional<HeadlessChromium> find() {
    return find(System.getenv());
  }

  /** The browser {@code env} ({@code PRESCALE_CHROMIUM}, {@code PATH}) points at, or empty. */
  static Optional<HeadlessChromium> find(Map<String, String> env) {
    String named = env.get("PRESCALE_CHROMIUM");
    if (named != null && !named.isBlank()) {
      Path p = Path.of(named);
      return Files.isExecutable(p)
          ? Optional.of(new HeadlessChromium(p, DEFAULT_TIMEOUT))
          : Optional.empty();
    }
    String path = env.getOrDefault("PATH", "/usr/bin:/bin");
    for (String name : NAMES) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(new HeadlessChromium(p, DEFAULT_TIMEOUT));
        }
      }
    }
    return Optional.empty();
  }

  /** The browser, or an {@link AssertionError} naming how to install it. */
  public static HeadlessChromium require() {
    return require(System.getenv());
  }

  static HeadlessChromium require(Map<String, String> env) {
    return find(env).orElseThrow(() -> new AssertionError(INSTALL));
  }

  /** The same browser with another hard limit on one {@link #render} (default 60s). */
  public HeadlessChromium withTimeout(Duration limit) {
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("timeout = " + Durations.format(limit) + ", must be > 0s");
    }
    return new HeadlessChromium(binary, limit);
  }

  public Path binary() {
    return binary;
  }

  /**
   * What one page load gave.
   *
   * @param dom the rendered DOM ({@code document.documentElement.outerHTML}) after the load event
   * @param errors uncaught exceptions, {@code console.error}/{@code console.assert} messages and
   *     browser log entries at level error (failed resource loads among them), in order
   * @param externalRequests URLs the page requested that are not {@code file:}, {@code data:},
   *     {@code blob:}, {@code about:} or on 127.0.0.1/localhost
   * @param screenshot the PNG written, or null when none was asked for
   * @param contentWidth the page's content width in CSS pixels (wider than the window: it scrolls
   *     sideways)
   */
  public record Page(
      String dom,
      List<String> errors,
      List<String> externalRequests,
      Path screenshot,
      int contentWidth) {
    public Page {
      errors = List.copyOf(errors);
      externalRequests = List.copyOf(externalRequests);
    }
  }

  /**
   * Loads {@code url} in a {@code width} x {@code height} window and waits for its load event.
   *
   * @param screenshot where to write a PNG of the window, or null for none
   * @throws IOException when the browser cannot start, does not answer, or the page does not load
   *     within the timeout
   */
  public Page render(URI url, int width, int height, Path screenshot) throws IOException {
    if (width < 100 || width > 10_000 || height < 100 || height > 10_000) {
      throw new IllegalArgumentException(
          "window = " + width + "x" + height + ", must be in [100; 10000] each");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Path profile = Files.createTempDirectory("prescale-chromium-");
    Process p = null;
    try {
      p = new ProcessBuilder(command(profile, width, height)).redirectErrorStream(true).start();
      URI ws = devToolsUrl(p, deadline);
      try (DevTools dt = DevTools.connect(ws, remaining(deadline))) {
        return load(dt, url, width, height, screenshot, deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rendering " + url, e);
    } catch (TimeoutException e) {
      throw new IOException(
          "chromium did not finish rendering " + url + " within " + Durations.format(timeout), e);
    } finally {
      if (p != null) {
        kill(p);
      }
      deleteTree(profile);
    }
  }

  private List<String> command(Path profile, int width, int height) {
    return List.of(
        binary.toString(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--mute-audio",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height,
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "about:blank");
  }

  /** Reads the browser's output until it names its DevTools WebSocket; the rest is drained. */
  private static URI devToolsUrl(Process p, long deadline)
      throws IOException, InterruptedException, TimeoutException {
    CompletableFuture<URI> found = new CompletableFuture<>();
    List<String> head = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  int i = line.indexOf("DevTools listening on ");
                  if (i >= 0) {
                    found.complete(URI.create(line.substring(i + 22).trim()));
                  } else if (!found.isDone() && head.size() < 40) {
                    synchronized (head) {
                      head.add(line);
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended; handled below
              }
              found.completeExceptionally(new IOException("chromium exited"));
            },
            "chromium-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return found.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      synchronized (head) {
        throw new IOException(
            "chromium exited before it opened DevTools; its output: " + String.join(" | ", head));
      }
    }
  }

  private static Page load(
      DevTools dt, URI url, int width, int height, Path screenshot, long deadline)
      throws IOException, InterruptedException, TimeoutException {
    ObjectNode create = JSON.createObjectNode().put("url", "about:blank");
    String target =
        dt.call(null, "Target.createTarget", create, deadline).path("targetId").asText();
    String session =
        dt.call(
                null,
                "Target.attachToTarget",
                JSON.createObjectNode().put("targetId", target).put("flatten", true),
                deadline)
            .path("sessionId")
            .asText();
    for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
      dt.call(session, domain + ".enable", JSON.createObjectNode(), deadline);
    }
    dt.call(
        session,
        "Emulation.setDeviceMetricsOverride",
        JSON.createObjectNode()
            .put("width", width)
            .put("height", height)
            .put("deviceScaleFactor", 1)
            .put("mobile", false),
        deadline);
    CompletableFuture<JsonNode> loaded = dt.event(session, "Page.loadEventFired");
    JsonNode nav =
        dt.call(
            session, "Page.navigate", JSON.createObjectNode().put("url", url.toString()), deadline);
    if (nav.hasNonNull("errorText")) {
      throw new IOException("cannot load " + url + ": " + nav.get("errorText").asText());
    }
    try {
      loaded.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IOException("no load event for " + url + ": " + e.getCause().getMessage(), e);
    }
    String dom =
        dt.call(
                session,
                "Runtime.evaluate",
                JSON.createObjectNode()
                    .put("expression", "document.documentElement.outerHTML")
                    .put("returnByValue", true),
                deadline)
            .path("result")
            .path("value")
            .asText();
    int contentWidth =
        dt.call(
                session,
                "Runtime.evaluate",
                JSON.createObjectNode()
                    .put("expression", "document.documentElement.scrollWidth")
                    .put("returnByValue", true),
                deadline)
            .path("result")
            .path("value")
            .asInt();
    Path shot = null;
    if (screenshot != null) {
      String png =
          dt.call(
                  session,
                  "Page.captureScreenshot",
                  JSON.createObjectNode().put("format", "png"),
                  deadline)
              .path("data")
              .asText();
      Files.write(screenshot, Base64.getDecoder().decode(png));
      shot = screenshot;
    }
    return new Page(dom, dt.errors(), dt.externalRequests(), shot, contentWidth);
  }

  static Duration remaining(long deadline) throws TimeoutException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new TimeoutException("deadline passed");
    }
    return Duration.ofNanos(left);
  }

  private static void kill(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException | UncheckedIOException e) {
      // a file the browser still held; the temp dir is cleaned by the OS
    }
  }
}
