package io.prescale.adapter.aws;

import io.prescale.adapter.spi.AdapterContext;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures an SDK v2 client from adapter settings: {@code region} (else the default region chain:
 * {@code AWS_REGION}, profile, instance metadata), {@code endpoint} (an override, e.g. a VPC
 * endpoint or a test server), {@code timeout} (per API call, default 10s), {@code connect-timeout}
 * (default 5s). Credentials come from the default chain (environment, profile, web identity / IRSA,
 * container and instance roles). The SDK's own retries are off: the engine retries, with the latest
 * decision.
 */
public final class AwsClients {
  private AwsClients() {}

  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, AdapterContext ctx, AwsCredentialsProvider credentials) {
    Duration timeout = ctx.duration("timeout", Duration.ofSeconds(10));
    Duration connect = ctx.duration("connect-timeout", Duration.ofSeconds(5));
    builder.httpClient(
        UrlConnectionHttpClient.builder()
            .connectionTimeout(connect)
            .socketTimeout(timeout)
            .build());
    builder.credentialsProvider(
        credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
    String region = ctx.setting("region", null);
    if (region != null) {
      builder.region(Region.of(region));
    }
    String endpoint = ctx.setting("endpoint", null);
    if (endpoint != null) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "adapter "
                + ctx.adapter()
                + " setting endpoint = "
                + endpoint
                + ", must be an absolute http(s) URL");
      }
      builder.endpointOverride(uri);
    }
    builder.overrideConfiguration(
        c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout));
    return builder;
  }

  /** A small pool of daemon threads for the SDK's blocking calls. */
  public static ExecutorService executor(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "prescale-" + name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
