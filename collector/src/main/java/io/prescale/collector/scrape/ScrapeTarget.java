package io.prescale.collector.scrape;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One endpoint to scrape.
 *
 * @param source the name of the {@code sources:} entry it comes from (the scrape's job)
 * @param url the {@code http://} or {@code https://} URL of the exposition
 * @param interval time between scrapes
 * @param timeout a scrape's whole time (connect, headers and body), at most {@code interval}
 * @param auth credentials sent with each request
 * @param startNanos when the endpoint's counters started (a discovered pod's start), or 0 when
 *     unknown: the first scrape's series begin then (see {@link SeriesStarts})
 */
public record ScrapeTarget(
    String source, URI url, Duration interval, Duration timeout, Auth auth, long startNanos) {

  public ScrapeTarget {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(auth, "auth");
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("url = " + url + ", must be an http:// or https:// URL");
    }
  }

  /** The target's identity: source and URL (settings may change under it). */
  public String id() {
    return source + " " + url;
  }

  /** {@code host:port} of the URL, Prometheus's {@code instance}. */
  public String instance() {
    int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    return url.getHost() + ":" + port;
  }

  /**
   * Credentials: none, a bearer token read from {@code tokenFile}, or basic auth with {@code
   * username} and the password read from {@code passwordFile}. Files are read on every scrape, so a
   * rotated secret is used at once.
   */
  public record Auth(Path tokenFile, String username, Path passwordFile) {
    public static final Auth NONE = new Auth(null, null, null);

    public static Auth bearer(Path tokenFile) {
      return new Auth(Objects.requireNonNull(tokenFile, "tokenFile"), null, null);
    }

    public static Auth basic(String username, Path passwordFile) {
      return new Auth(
          null,
          Objects.requireNonNull(username, "username"),
          Objects.requireNonNull(passwordFile, "passwordFile"));
    }
  }
}
