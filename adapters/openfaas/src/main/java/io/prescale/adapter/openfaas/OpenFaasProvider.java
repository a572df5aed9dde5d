package io.prescale.adapter.openfaas;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code openfaas}. Target: {@code function} (required), {@code namespace} (optional). Settings:
 * {@code gateway} (default {@value #DEFAULT_GATEWAY}), {@code username} (default {@code admin}),
 * {@code password-file} (default {@value #DEFAULT_PASSWORD_FILE}, skipped when absent, e.g. for a
 * gateway without auth), {@code timeout} (default 10s).
 */
public final class OpenFaasProvider implements AdapterProvider {
  public static final String NAME = "openfaas";
  static final String DEFAULT_GATEWAY = "http://gateway.openfaas:8080";
  static final String DEFAULT_PASSWORD_FILE = "/var/secrets/basic-auth-password";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    String gateway = context.setting("gateway", DEFAULT_GATEWAY);
    URI uri;
    try {
      uri = URI.create(gateway.endsWith("/") ? gateway : gateway + "/");
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("scheme");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "adapter openfaas setting gateway = " + gateway + ", must be an http:// or https:// URL");
    }
    Path password = context.path("password-file");
    if (password == null && Files.exists(Path.of(DEFAULT_PASSWORD_FILE))) {
      password = Path.of(DEFAULT_PASSWORD_FILE);
    } else if (password != null && !Files.isReadable(password)) {
      throw new IllegalArgumentException(
          "adapter openfaas setting password-file = " + password + ", must be a readable file");
    }
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(context.duration("connect-timeout", Duration.ofSeconds(5)))
            .build();
    return new OpenFaasAdapter(
        client,
        uri,
        context.setting("username", "admin"),
        password,
        context.duration("timeout", Duration.ofSeconds(10)),
        context.time());
  }

  @Override
  public List<String> validateTarget(Target target) {
    return OpenFaasAdapter.problems(target);
  }
}
