package io.prescale.adapter.spi;

import io.prescale.core.time.TimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider gets to build an adapter: adapter-level settings (for example {@code endpoint},
 * {@code region}, {@code password-file}; per-target values come from the policy's binding target
 * instead) and the time source.
 *
 * @param adapter  the adapter's name, used in error messages
 * @param settings adapter-level settings, keys lower-case with dashes
 * @param time     wall and monotonic time
 */
public record AdapterContext(String adapter, Map<String, String> settings, TimeSource time) {

  public AdapterContext {
    Objects.requireNonNull(adapter, "adapter");
    settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
    Objects.requireNonNull(time, "time");
  }

  /** Settings-less context on the system clock. */
  public static AdapterContext of(String adapter) {
    return new AdapterContext(adapter, Map.of(), TimeSource.system());
  }

  /** The setting, or {@code fallback} when absent or blank. */
  public String setting(String key, String fallback) {
    String v = settings.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** A duration setting in ISO-8601 ({@code PT5S}) or plain {@code 5s / 500ms / 2m}. */
  public Duration duration(String key, Duration fallback) {
    String v = setting(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      Duration d = parseDuration(v);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(describe(key, v, "(0s; inf)"));
      }
      return d;
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(describe(key, v, "a duration such as 5s, 500ms or PT5S"));
    }
  }

  /** An integer setting within [min; max]. */
  public int integer(String key, int fallback, int min, int max) {
    String v = setting(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        throw new IllegalArgumentException(describe(key, v, "[" + min + "; " + max + "]"));
      }
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(describe(key, v, "an integer in [" + min + "; " + max + "]"));
    }
  }

  /** A path setting, or null when absent. */
  public Path path(String key) {
    String v = setting(key, null);
    return v == null ? null : Path.of(v);
  }

  private String describe(String key, String value, String allowed) {
    return "adapter " + adapter + " setting " + key + " = " + value + ", must be " + allowed;
  }

  /** Parses {@code 5s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601. */
  public static Duration parseDuration(String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("p")) {
      return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
    }
    if (s.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new NumberFormatException(v);
    };
  }
}
