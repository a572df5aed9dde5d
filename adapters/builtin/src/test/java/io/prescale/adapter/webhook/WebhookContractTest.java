package io.prescale.adapter.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.AdapterContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The adapter contract against WireMock standing in for the receiver (which cannot be read). */
class WebhookContractTest extends AdapterContractTest {
  private WireMockServer wm;
  private int initial;

  @BeforeEach
  void startReceiver() {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
  }

  @AfterEach
  void stopReceiver() {
    wm.stop();
  }

  @Override
  protected ScalingAdapter newAdapter(Duration timeout) {
    return new WebhookProvider()
        .create(new AdapterContext("webhook", Map.of("timeout", timeout.toMillis() + "ms"), time));
  }

  @Override
  protected Map<String, String> targetAt(int instances) {
    initial = instances;
    wm.stubFor(post("/hook").willReturn(ok()));
    return Map.of("url", wm.baseUrl() + "/hook");
  }

  @Override
  protected int platformCount() throws Exception {
    List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlEqualTo("/hook")));
    return posts.isEmpty()
        ? initial
        : new ObjectMapper()
            .readTree(posts.get(posts.size() - 1).getBodyAsString())
            .get("desiredInstances")
            .asInt();
  }

  @Override
  protected int applyRequests() {
    return wm.findAll(postRequestedFor(urlEqualTo("/hook"))).size();
  }

  @Override
  protected void appliesAnswer(int status) {
    wm.stubFor(
        post("/hook").willReturn(aResponse().withStatus(status).withBody("scripted " + status)));
  }

  @Override
  protected void appliesTake(Duration delay) {
    wm.stubFor(post("/hook").willReturn(ok().withFixedDelay((int) delay.toMillis())));
  }

  @Override
  protected boolean reads() {
    return false;
  }
}
