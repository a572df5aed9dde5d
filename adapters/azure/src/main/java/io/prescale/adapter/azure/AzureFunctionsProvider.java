package io.prescale.adapter.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code azure-functions}. Target: see {@link AzureNames}. Settings: {@code endpoint} (default
 * {@value #ENDPOINT}; another cloud's ARM endpoint, or a loopback test server), {@code audience}
 * (the token's resource, default {@value #AUDIENCE}), {@code api-version} (default {@value
 * #API_VERSION}, the first with {@code functionAppConfig}), {@code timeout} (per call, 10s), {@code
 * connect-timeout} (5s), {@code operation-timeout} (an asynchronous operation's deadline, 2m),
 * {@code poll-interval} (1s), {@code threads} (2). Credentials: azure-identity's {@code
 * DefaultAzureCredential} (environment: {@code AZURE_CLIENT_ID}/{@code AZURE_TENANT_ID}/{@code
 * AZURE_CLIENT_SECRET} or certificate; workload identity: {@code AZURE_FEDERATED_TOKEN_FILE};
 * managed identity; then developer logins).
 */
public final class AzureFunctionsProvider implements AdapterProvider {
  public static final String NAME = "azure-functions";
  static final String ENDPOINT = "https://management.azure.com/";
  static final String AUDIENCE = "https://management.azure.com/";
  static final String API_VERSION = "2024-04-01";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    return create(context, new DefaultAzureCredentialBuilder().build());
  }

  /** With an explicit credential (tests, embedding). */
  public static ScalingAdapter create(AdapterContext ctx, TokenCredential credential) {
    String v = ctx.setting("endpoint", ENDPOINT);
    URI endpoint;
    try {
      endpoint = URI.create(v.endsWith("/") ? v : v + "/");
    } catch (IllegalArgumentException e) {
      endpoint = null;
    }
    if (endpoint == null
        || endpoint.getHost() == null
        || !("https".equals(endpoint.getScheme())
            || ("http".equals(endpoint.getScheme())
                && ArmTokenPolicy.loopback(endpoint.getHost())))) {
      throw new IllegalArgumentException(
          "adapter "
              + NAME
              + " setting endpoint = "
              + v
              + ", must be an absolute https URL (http only on a loopback address)");
    }
    String apiVersion = ctx.setting("api-version", API_VERSION);
    if (!apiVersion.matches("\\d{4}-\\d{2}-\\d{2}(-preview)?")) {
      throw new IllegalArgumentException(
          "adapter "
              + NAME
              + " setting api-version = "
              + apiVersion
              + ", must be a date like "
              + API_VERSION);
    }
    String audience = ctx.setting("audience", AUDIENCE);
    HttpClient http =
        new NettyAsyncHttpClientBuilder()
            .connectTimeout(ctx.duration("connect-timeout", Duration.ofSeconds(5)))
            .build();
    ArmApi api =
        new ArmApi(
            new HttpPipelineBuilder()
                .httpClient(http)
                .policies(
                    new UserAgentPolicy("prescale"),
                    new ArmTokenPolicy(
                        credential,
                        (audience.endsWith("/") ? audience : audience + "/") + ".default"))
                .build(),
            endpoint,
            apiVersion,
            ctx.duration("timeout", Duration.ofSeconds(10)),
            ctx.duration("poll-interval", Duration.ofSeconds(1)),
            ctx.duration("operation-timeout", Duration.ofMinutes(2)),
            ctx.time());
    return new AzureFunctionsAdapter(api, executor(ctx.integer("threads", 2, 1, 64)));
  }

  /**
   * As the adapter's validation, except that {@code app} and {@code alwaysReady} may be derived.
   */
  @Override
  public List<String> validateTarget(Target target) {
    return AzureNames.problems(target.values(), false);
  }

  private static ExecutorService executor(int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "prescale-" + NAME + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
