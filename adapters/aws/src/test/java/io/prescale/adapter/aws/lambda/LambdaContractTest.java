package io.prescale.adapter.aws.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.AdapterContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The adapter contract against WireMock standing in for Lambda's provisioned-concurrency API. */
class LambdaContractTest extends AdapterContractTest {
  private static final String PC = "/2019-09-30/functions/checkout/provisioned-concurrency";
  private final WireMockServer wm =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private int initial;

  @BeforeEach
  void startEndpoint() {
    wm.start();
  }

  @AfterEach
  void stopEndpoint() {
    wm.stop();
  }

  @Override
  protected ScalingAdapter newAdapter(Duration timeout) {
    return LambdaProvider.create(
        new AdapterContext(
            "aws-lambda",
            Map.of(
                "region",
                "us-east-1",
                "endpoint",
                wm.baseUrl(),
                "timeout",
                timeout.toMillis() + "ms"),
            time),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
  }

  @Override
  protected Map<String, String> targetAt(int instances) {
    initial = instances;
    wm.stubFor(
        get(urlPathEqualTo("/2019-09-30/functions/checkout/concurrency"))
            .willReturn(json(200, "{}")));
    wm.stubFor(
        get(urlPathMatching("/2016-08-19/account-settings/?"))
            .willReturn(
                json(
                    200,
                    "{\"AccountLimit\":{\"ConcurrentExecutions\":1000,\"UnreservedConcurrentExecutions\":900},"
                        + "\"AccountUsage\":{\"FunctionCount\":3}}")));
    wm.stubFor(
        get(urlPathEqualTo(PC))
            .withQueryParam("Qualifier", equalTo("live"))
            .willReturn(json(200, config(instances, "READY"))));
    wm.stubFor(put(urlPathEqualTo(PC)).willReturn(json(202, config(instances, "IN_PROGRESS"))));
    return Map.of("function", "checkout", "qualifier", "live");
  }

  private static String config(int n, String status) {
    return "{\"RequestedProvisionedConcurrentExecutions\":"
        + n
        + ",\"AvailableProvisionedConcurrentExecutions\":"
        + n
        + ",\"AllocatedProvisionedConcurrentExecutions\":"
        + n
        + ",\"Status\":\""
        + status
        + "\","
        + "\"LastModified\":\"2026-01-01T00:00:00+0000\"}";
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Override
  protected int platformCount() throws Exception {
    List<LoggedRequest> puts = wm.findAll(putRequestedFor(urlPathEqualTo(PC)));
    return puts.isEmpty()
        ? initial
        : new ObjectMapper()
            .readTree(puts.get(puts.size() - 1).getBodyAsString())
            .get("ProvisionedConcurrentExecutions")
            .asInt();
  }

  @Override
  protected int applyRequests() {
    return wm.findAll(putRequestedFor(urlPathEqualTo(PC))).size();
  }

  @Override
  protected void appliesAnswer(int status) {
    String type = status < 500 ? "AccessDeniedException" : "ServiceException";
    wm.stubFor(
        put(urlPathEqualTo(PC))
            .willReturn(
                json(status, "{\"Type\":\"User\",\"message\":\"scripted " + status + "\"}")
                    .withHeader("x-amzn-ErrorType", type)
                    .withHeader("x-amzn-RequestId", "req-1")));
  }

  @Override
  protected void appliesTake(Duration delay) {
    wm.stubFor(
        put(urlPathEqualTo(PC))
            .willReturn(
                json(202, config(3, "IN_PROGRESS")).withFixedDelay((int) delay.toMillis())));
  }
}
