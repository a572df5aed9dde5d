package io.prescale.collector.openwhisk;

import io.prescale.core.time.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code sources.openwhisk} settings of a policy file, read into an {@link
 * OpenWhiskSourceConfig}: {@code apiHost} and {@code authFile} (required), {@code namespaces}
 * (default {@code [_]}), {@code pollInterval} (10s), {@code lookback} (1m), {@code timeout} (10s),
 * {@code pageLimit} (200), {@code maxPages} (50), {@code maxSeenIds} (100000). Each problem names
 * its key.
 */
public final class OpenWhiskSettings {
  /** The source's name in the policy's {@code sources} section. */
  public static final String NAME = "openwhisk";

  /** The keys, in documentation order. */
  public static final Set<String> KEYS =
      Set.of(
          "apiHost",
          "authFile",
          "namespaces",
          "pollInterval",
          "lookback",
          "timeout",
          "pageLimit",
          "maxPages",
          "maxSeenIds");

  private OpenWhiskSettings() {}

  /** Problems of {@code settings} by key (null key: the source as a whole); empty when usable. */
  public static Map<String, String> problems(Map<String, String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : settings.keySet()) {
      if (!KEYS.contains(k)) {
        out.put(
            k,
            "unknown key; allowed keys: apiHost, authFile, namespaces, pollInterval, lookback,"
                + " timeout, pageLimit, maxPages, maxSeenIds");
      }
    }
    if (out.isEmpty()) {
      try {
        parse(settings);
      } catch (SettingException e) {
        out.put(e.key, e.getMessage());
      }
    }
    return out;
  }

  /** The config; throws {@link SettingException} naming the key, the value and what is allowed. */
  public static OpenWhiskSourceConfig parse(Map<String, String> s) {
    String host =
        required(s, "apiHost", "the OpenWhisk API host, e.g. https://openwhisk.example.com");
    URI uri;
    try {
      uri = URI.create(host);
    } catch (IllegalArgumentException e) {
      throw new SettingException("apiHost", "apiHost = " + host + ", must be an http(s) URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new SettingException(
          "apiHost", "apiHost = " + host + ", must be an http:// or https:// URL with a host");
    }
    Path auth = Path.of(required(s, "authFile", "a file holding the API key uuid:key"));
    List<String> namespaces = new ArrayList<>();
    for (String ns : s.getOrDefault("namespaces", "_").split(",")) {
      if (!ns.isBlank()) {
        namespaces.add(ns.trim());
      }
    }
    OpenWhiskSourceConfig c;
    try {
      c = OpenWhiskSourceConfig.of(uri, auth, namespaces.isEmpty() ? List.of("_") : namespaces);
    } catch (IllegalArgumentException e) {
      throw new SettingException("namespaces", e.getMessage());
    }
    Duration poll = duration(s, "pollInterval", c.pollInterval());
    Duration lookback = duration(s, "lookback", c.lookback());
    Duration timeout = duration(s, "timeout", c.timeout());
    int pageLimit = integer(s, "pageLimit", c.pageLimit(), 1, OpenWhiskSourceConfig.MAX_PAGE_LIMIT);
    int maxPages = integer(s, "maxPages", c.maxPages(), 1, 10_000);
    int maxSeen = integer(s, "maxSeenIds", c.maxSeenIds(), 1, 10_000_000);
    String key = "pollInterval";
    try {
      c = c.withPollInterval(poll);
      key = "lookback";
      c = c.withLookback(lookback);
      key = "timeout";
      c = c.withTimeout(timeout);
      key = "pageLimit";
      c = c.withPages(pageLimit, maxPages);
      key = "maxSeenIds";
      return c.withMaxSeenIds(maxSeen);
    } catch (IllegalArgumentException e) {
      throw new SettingException(key, key + ": " + e.getMessage());
    }
  }

  private static String required(Map<String, String> s, String key, String what) {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      throw new SettingException(key, key + " is missing; set it to " + what);
    }
    return v.trim();
  }

  private static Duration duration(Map<String, String> s, String key, Duration fallback) {
    String v = s.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Durations.parse(key, v);
    } catch (IllegalArgumentException e) {
      throw new SettingException(key, e.getMessage());
    }
  }

  private static int integer(Map<String, String> s, String key, int fallback, int min, int max) {
    String v = s.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingException(
        key, key + " = " + v + ", must be an integer in [" + min + "; " + max + "]");
  }

  /** A bad setting: its key and a message naming the value and what is allowed. */
  public static final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    SettingException(String key, String message) {
      super(message);
      this.key = key;
    }

    public String key() {
      return key;
    }
  }
}
