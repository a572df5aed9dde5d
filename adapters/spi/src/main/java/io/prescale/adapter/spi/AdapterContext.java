package io.prescale.adapter.spi;

import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider gets to build an adapter: adapter-level settings (for example {@code endpoint},
 * {@code region}, {@code password-file}; per-target values come from the policy's binding target
 * instead) and the time source.
 *
 * @param adapter the adapter's name, used in error messages
 * @param settings adapter-level settings, keys lower-case with dashes
 * @param time wall and monotonic time
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

  /**
   * A positive duration setting in the one grammar of {@link Durations} ({@code 5s}, {@code 500ms},
   * {@code 1h30m}, {@code PT5S}).
   */
  public Duration duration(String key, Duration fallback) {
    String v = setting(key, null);
    if (v == null) {
      return fallback;
    }
    Duration d = Durations.parse("adapter " + adapter + " setting " + key, v);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(describe(key, v, "(0s; inf)"));
    }
    return d;
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
      throw new IllegalArgumentException(
          describe(key, v, "an integer in [" + min + "; " + max + "]"));
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
}
