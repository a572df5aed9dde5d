package io.prescale.adapter.webhook;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

/**
 * {@code webhook}. Target: {@code url} (required), {@code secret-file} (optional). Settings: {@code
 * secret-file}, {@code timeout} (default 10s), {@code connect-timeout} (default 5s).
 */
public final class WebhookProvider implements AdapterProvider {
  public static final String NAME = "webhook";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    Duration timeout = context.duration("timeout", Duration.ofSeconds(10));
    Duration connect = context.duration("connect-timeout", Duration.ofSeconds(5));
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(connect)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new WebhookAdapter(client, timeout, context.path("secret-file"), context.time());
  }

  @Override
  public List<String> validateTarget(Target target) {
    return WebhookAdapter.problems(target);
  }
}
