package io.prescale.adapter.gcp;

import com.google.auth.oauth2.GoogleCredentials;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code gcp-cloud-run}. Target: {@code project}, {@code location}, {@code service} (derived from
 * the function when absent, see {@link CloudRunNames}). Settings: {@code endpoint} (default {@value
 * #ENDPOINT}), {@code timeout} (per call, default 10s), {@code connect-timeout} (5s), {@code
 * operation-timeout} (how long an update's long-running operation is awaited, 2m), {@code
 * poll-interval} (1s), {@code threads} (2), {@code credentials} ({@code application-default}, the
 * default: Google's application default credentials, i.e. {@code GOOGLE_APPLICATION_CREDENTIALS},
 * gcloud's, workload identity or the metadata server; {@code none} for an emulator or a test fake,
 * allowed only with a loopback endpoint).
 */
public final class CloudRunProvider implements AdapterProvider {
  public static final String NAME = "gcp-cloud-run";
  static final String ENDPOINT = "https://run.googleapis.com/";
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext ctx) {
    URI endpoint = endpoint(ctx);
    String mode = ctx.setting("credentials", "application-default");
    Function<URI, Map<String, List<String>>> auth;
    if (mode.equals("none")) {
      if (!loopback(endpoint)) {
        throw new IllegalArgumentException(
            "adapter "
                + NAME
                + " setting credentials = none, allowed only with a loopback"
                + " endpoint (an emulator or a test fake), endpoint is "
                + endpoint);
      }
      auth = uri -> Map.of();
    } else if (mode.equals("application-default")) {
      auth = applicationDefault();
    } else {
      throw new IllegalArgumentException(
          "adapter "
              + NAME
              + " setting credentials = "
              + mode
              + ", must be application-default or none");
    }
    Duration connect = ctx.duration("connect-timeout", Duration.ofSeconds(5));
    HttpClient http = HttpClient.newBuilder().connectTimeout(connect).build();
    CloudRunApi api =
        new CloudRunApi(
            http,
            endpoint,
            ctx.duration("timeout", Duration.ofSeconds(10)),
            ctx.duration("poll-interval", Duration.ofSeconds(1)),
            ctx.duration("operation-timeout", Duration.ofMinutes(2)),
            auth,
            ctx.time());
    return new CloudRunAdapter(api, executor(ctx.integer("threads", 2, 1, 64)));
  }

  /** As the adapter's validation, except that {@code service} may be left out (derived). */
  @Override
  public List<String> validateTarget(Target target) {
    return CloudRunNames.problems(target.values(), false);
  }

  /**
   * Application default credentials, looked up at the first call (so that a server without them
   * starts and reports the failure per target), refreshed by the library; the token is never
   * logged.
   */
  private static Function<URI, Map<String, List<String>>> applicationDefault() {
    GoogleCredentials[] holder = new GoogleCredentials[1];
    return uri -> {
      try {
        GoogleCredentials c;
        synchronized (holder) {
          if (holder[0] == null) {
            holder[0] = GoogleCredentials.getApplicationDefault().createScoped(SCOPE);
          }
          c = holder[0];
        }
        return c.getRequestMetadata(uri);
      } catch (IOException e) {
        throw new AdapterException(
            AdapterException.Kind.REJECTED,
            0,
            null,
            "adapter "
                + NAME
                + ": no usable application default credentials ("
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage()
                + ")",
            null);
      }
    };
  }

  private static URI endpoint(AdapterContext ctx) {
    String v = ctx.setting("endpoint", ENDPOINT);
    URI uri;
    try {
      uri = URI.create(v.endsWith("/") ? v : v + "/");
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("https".equals(uri.getScheme())
            || ("http".equals(uri.getScheme()) && loopback(uri)))) {
      throw new IllegalArgumentException(
          "adapter "
              + NAME
              + " setting endpoint = "
              + v
              + ", must be an absolute https URL (http only on a loopback address)");
    }
    return uri;
  }

  static boolean loopback(URI uri) {
    String h = uri.getHost();
    return h != null && (h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]"));
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
