package io.prescale.adapter.openfaas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.AdapterContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The adapter contract against WireMock standing in for the OpenFaaS gateway. */
class OpenFaasContractTest extends AdapterContractTest {
  private static final String SCALE = "/system/scale-function/checkout";
  private WireMockServer wm;
  private int initial;
  @TempDir Path dir;

  @BeforeEach
  void startGateway() {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
  }

  @AfterEach
  void stopGateway() {
    wm.stop();
  }

  @Override
  protected ScalingAdapter newAdapter(Duration timeout) throws Exception {
    Path pw = dir.resolve("basic-auth-password");
    Files.writeString(pw, "hunter2\n");
    return new OpenFaasProvider()
        .create(
            new AdapterContext(
                "openfaas",
                Map.of(
                    "gateway",
                    wm.baseUrl(),
                    "password-file",
                    pw.toString(),
                    "timeout",
                    timeout.toMillis() + "ms"),
                time));
  }

  @Override
  protected Map<String, String> targetAt(int instances) {
    initial = instances;
    wm.stubFor(
        get(urlPathEqualTo("/system/function/checkout"))
            .willReturn(
                okJson(
                    "{\"name\":\"checkout\","
                        + "\"replicas\":"
                        + instances
                        + ",\"availableReplicas\":"
                        + instances
                        + "}")));
    wm.stubFor(post(SCALE).willReturn(aResponse().withStatus(202)));
    return Map.of("function", "checkout");
  }

  @Override
  protected int platformCount() throws Exception {
    List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlPathEqualTo(SCALE)));
    for (int i = posts.size() - 1; i >= 0; i--) {
      if (posts.get(i).getBodyAsString().contains("replicas")) {
        return new ObjectMapper().readTree(posts.get(i).getBodyAsString()).get("replicas").asInt();
      }
    }
    return initial;
  }

  @Override
  protected int applyRequests() {
    return wm.findAll(postRequestedFor(urlPathEqualTo(SCALE))).size();
  }

  @Override
  protected void appliesAnswer(int status) {
    wm.stubFor(
        post(SCALE).willReturn(aResponse().withStatus(status).withBody("scripted " + status)));
  }

  @Override
  protected void appliesTake(Duration delay) {
    wm.stubFor(
        post(SCALE).willReturn(aResponse().withStatus(202).withFixedDelay((int) delay.toMillis())));
  }
}
