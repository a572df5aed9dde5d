package io.prescale.adapter.openwhisk;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.time.Durations;
import io.prescale.core.warmup.WarmupActivations;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code openwhisk}. Target: {@code action} ({@code NAME} or {@code PACKAGE/NAME}) and {@code
 * namespace} (default {@code _}), or nothing (derived from the function key {@code
 * namespace/[package/]action}). Settings: {@code api-host} (required, e.g. {@code
 * https://openwhisk.example.com}), {@code auth-file} (required: the API key {@code uuid:key}, read
 * on every round so rotation needs no restart), {@code idle-timeout} (default {@value
 * #DEFAULT_IDLE_TIMEOUT}, OpenWhisk's {@code whisk.container-proxy.timeouts.idle-container}),
 * {@code refresh-margin} (default {@value #DEFAULT_REFRESH_MARGIN}: a round is repeated once it is
 * older than the idle timeout less this), {@code max-warm} (default {@value #DEFAULT_MAX_WARM}: the
 * most warm-up invocations of one round), {@code timeout} (default 10s), {@code connect-timeout}
 * (5s).
 */
public final class OpenWhiskProvider implements AdapterProvider {
  public static final String NAME = "openwhisk";
  static final String DEFAULT_IDLE_TIMEOUT = "10m";
  static final String DEFAULT_REFRESH_MARGIN = "2m";
  static final int DEFAULT_MAX_WARM = 100;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    return create(context, WarmupActivations.shared());
  }

  /** The adapter, recording its warm-ups' activation ids in {@code warmups}. */
  static OpenWhiskAdapter create(AdapterContext context, WarmupActivations warmups) {
    String host = context.setting("api-host", null);
    if (host == null) {
      throw new IllegalArgumentException(
          "adapter openwhisk setting api-host is missing; set PRESCALE_ADAPTER_OPENWHISK_API_HOST"
              + " to the OpenWhisk API host, e.g. https://openwhisk.example.com");
    }
    URI uri;
    try {
      uri = URI.create(host.endsWith("/") ? host : host + "/");
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("scheme");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "adapter openwhisk setting api-host = " + host + ", must be an http:// or https:// URL");
    }
    Path auth = context.path("auth-file");
    if (auth == null || !Files.isReadable(auth)) {
      throw new IllegalArgumentException(
          "adapter openwhisk setting auth-file = "
              + auth
              + ", must be a readable file holding the API key uuid:key"
              + " (PRESCALE_ADAPTER_OPENWHISK_AUTH_FILE)");
    }
    Duration idle =
        context.duration("idle-timeout", Durations.parse("idle-timeout", DEFAULT_IDLE_TIMEOUT));
    Duration margin =
        context.duration(
            "refresh-margin", Durations.parse("refresh-margin", DEFAULT_REFRESH_MARGIN));
    if (margin.compareTo(idle) >= 0) {
      throw new IllegalArgumentException(
          "adapter openwhisk setting refresh-margin = "
              + Durations.format(margin)
              + ", must be less than idle-timeout ("
              + Durations.format(idle)
              + ")");
    }
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(context.duration("connect-timeout", Duration.ofSeconds(5)))
            .build();
    return new OpenWhiskAdapter(
        client,
        uri,
        auth,
        context.duration("timeout", Duration.ofSeconds(10)),
        idle,
        margin,
        context.integer("max-warm", DEFAULT_MAX_WARM, 1, 1000),
        context.time(),
        warmups);
  }

  @Override
  public List<String> validateTarget(Target target) {
    // an empty target is completed from the function key; otherwise it must name the action
    return target.values().isEmpty() ? List.of() : ActionRef.problems(target);
  }
}
