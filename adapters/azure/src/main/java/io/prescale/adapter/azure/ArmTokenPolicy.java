package io.prescale.adapter.azure;

import com.azure.core.credential.SimpleTokenCache;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.net.URL;
import reactor.core.publisher.Mono;

/**
 * Adds {@code Authorization: Bearer <token>} from a {@link TokenCredential} for the ARM scope,
 * cached and refreshed before expiry by azure-core's {@link SimpleTokenCache}. As azure-core's own
 * bearer policy it sends a token only over https, except to a loopback address (a local test
 * endpoint), which that policy refuses. The token appears in no message.
 */
final class ArmTokenPolicy implements HttpPipelinePolicy {
  private final SimpleTokenCache cache;

  ArmTokenPolicy(TokenCredential credential, String scope) {
    TokenRequestContext request = new TokenRequestContext().addScopes(scope);
    this.cache = new SimpleTokenCache(() -> credential.getToken(request));
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    URL url = context.getHttpRequest().getUrl();
    if (!"https".equals(url.getProtocol()) && !loopback(url.getHost())) {
      return Mono.error(
          new IllegalArgumentException(
              "adapter azure-functions: refusing to send a token over "
                  + url.getProtocol()
                  + " to "
                  + url.getHost()
                  + "; the endpoint must be https"));
    }
    return cache
        .getToken()
        .flatMap(
            token -> {
              context
                  .getHttpRequest()
                  .setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + token.getToken());
              return next.process();
            });
  }

  static boolean loopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
  }
}
