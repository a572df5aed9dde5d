package io.prescale.adapter.aws.lambda;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.aws.AwsHarness;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ApplyOutcome.Kind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aws-lambda adapter against WireMock stubs of Lambda's REST API (2019-09-30 provisioned
 * concurrency).
 */
class LambdaAdapterTest {
  private static final String PC = "/2019-09-30/functions/checkout/provisioned-concurrency";
  private static final Map<String, String> TARGET =
      Map.of("function", "checkout", "qualifier", "live");
  private AwsHarness h;

  @BeforeEach
  void setUp() {
    h = new AwsHarness("aws-lambda", LambdaProvider::create);
    noReservation();
  }

  /** No reserved concurrency (Lambda's GetFunctionConcurrency answers an empty object). */
  private void noReservation() {
    h.wm.stubFor(
        get(urlPathEqualTo("/2019-09-30/functions/checkout/concurrency"))
            .willReturn(json(200, "{}")));
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private void account(int unreserved) {
    h.wm.stubFor(
        get(urlPathMatching("/2016-08-19/account-settings/?"))
            .willReturn(
                json(
                    200,
                    "{\"AccountLimit\":{\"TotalCodeSize\":80530636800,\"CodeSizeUnzipped\":262144000,\"CodeSizeZipped\":52428800,"
                        + "\"ConcurrentExecutions\":1000,\"UnreservedConcurrentExecutions\":"
                        + unreserved
                        + "},"
                        + "\"AccountUsage\":{\"TotalCodeSize\":1024,\"FunctionCount\":3}}")));
  }

  /** GET answers "none" until a PUT of {@code n} lands, then that config. */
  private void provisioned(int... landing) {
    h.wm.stubFor(
        get(urlPathEqualTo(PC))
            .withQueryParam("Qualifier", equalTo("live"))
            .inScenario("pc")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                error(
                    404,
                    "ProvisionedConcurrencyConfigNotFoundException",
                    "{\"Type\":\"User\",\"message\":\"No Provisioned Concurrency Config found for this function\"}")));
    for (int n : landing) {
      h.wm.stubFor(
          get(urlPathEqualTo(PC))
              .inScenario("pc")
              .whenScenarioStateIs("pc" + n)
              .willReturn(
                  json(
                      200,
                      "{\"RequestedProvisionedConcurrentExecutions\":"
                          + n
                          + ",\"AvailableProvisionedConcurrentExecutions\":"
                          + n
                          + ",\"AllocatedProvisionedConcurrentExecutions\":"
                          + n
                          + ",\"Status\":\"READY\","
                          + "\"LastModified\":\"2026-01-01T00:00:00+0000\"}")));
      h.wm.stubFor(putStub(n).inScenario("pc").willReturn(inProgress(n)).willSetStateTo("pc" + n));
    }
  }

  private static MappingBuilder putStub(int n) {
    return put(urlPathEqualTo(PC))
        .withQueryParam("Qualifier", equalTo("live"))
        .withRequestBody(equalToJson("{\"ProvisionedConcurrentExecutions\":" + n + "}"));
  }

  private static ResponseDefinitionBuilder inProgress(int n) {
    return json(
        202,
        "{\"RequestedProvisionedConcurrentExecutions\":"
            + n
            + ",\"AvailableProvisionedConcurrentExecutions\":0,"
            + "\"AllocatedProvisionedConcurrentExecutions\":0,\"Status\":\"IN_PROGRESS\",\"LastModified\":\"2026-01-01T00:00:00+0000\"}");
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder error(int status, String type, String body) {
    return json(status, body)
        .withHeader("x-amzn-ErrorType", type)
        .withHeader("x-amzn-RequestId", "req-1");
  }

  @Test
  void putsProvisionedConcurrencyOnTheAliasAndDeletesItAtZero() {
    account(900);
    provisioned(5);
    assertEquals(Kind.SCALED, h.await(h.submit(TARGET, 5)).kind());
    h.wm.verify(
        1, putRequestedFor(urlPathEqualTo(PC)).withQueryParam("Qualifier", equalTo("live")));
    h.wm.stubFor(
        delete(urlPathEqualTo(PC))
            .withQueryParam("Qualifier", equalTo("live"))
            .willReturn(aResponse().withStatus(204)));
    ApplyOutcome zero = h.await(h.submit(TARGET, 0));
    assertEquals(Kind.SCALED, zero.kind(), zero.toString());
    h.wm.verify(1, deleteRequestedFor(urlPathEqualTo(PC)));
  }

  @Test
  void neverAsksForMoreThanTheAccountsFreeConcurrency() {
    account(103);
    provisioned(3);
    ApplyOutcome o = h.await(h.submit(TARGET, 10));
    assertEquals(3, o.to(), o.toString());
    h.wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(PC))
            .withRequestBody(equalToJson("{\"ProvisionedConcurrentExecutions\":3}")));
  }

  @Test
  void withReservedConcurrencyTheCeilingIsTheReservationLessTheOtherAliases() {
    h.wm.stubFor(
        get(urlPathEqualTo("/2019-09-30/functions/checkout/concurrency"))
            .willReturn(json(200, "{\"ReservedConcurrentExecutions\":20}")));
    h.wm.stubFor(
        get(urlPathEqualTo(PC))
            .atPriority(1)
            .withQueryParam("List", equalTo("ALL"))
            .willReturn(
                json(
                    200,
                    "{\"ProvisionedConcurrencyConfigs\":["
                        + "{\"FunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:checkout:canary\","
                        + "\"RequestedProvisionedConcurrentExecutions\":15,\"AvailableProvisionedConcurrentExecutions\":15,"
                        + "\"AllocatedProvisionedConcurrentExecutions\":15,\"Status\":\"READY\","
                        + "\"LastModified\":\"2026-01-01T00:00:00+0000\"}]}")));
    account(900); // plenty in the account: the reservation is what binds
    provisioned(5);
    ApplyOutcome o = h.await(h.submit(TARGET, 10));
    assertEquals(5, o.to(), o.toString());
    h.wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(PC))
            .withRequestBody(equalToJson("{\"ProvisionedConcurrentExecutions\":5}")));
    h.wm.verify(0, getRequestedFor(urlPathMatching("/2016-08-19/account-settings/?")));
  }

  @Test
  void theQualifierOfAFunctionArn() {
    assertEquals(
        "live",
        LambdaAdapter.qualifierOf("arn:aws:lambda:eu-west-1:123456789012:function:checkout:live"));
    assertEquals(
        null, LambdaAdapter.qualifierOf("arn:aws:lambda:eu-west-1:123456789012:function:checkout"));
    assertEquals(null, LambdaAdapter.qualifierOf(null));
  }

  @Test
  void reachesTheLatestDesiredStateThroughFaults() {
    account(900);
    provisioned(6);
    String s = "faults";
    h.wm.stubFor(
        put(urlPathEqualTo(PC))
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                error(
                    500,
                    "ServiceException",
                    "{\"Type\":\"Service\",\"message\":\"internal error\"}"))
            .willSetStateTo("reset"));
    h.wm.stubFor(
        put(urlPathEqualTo(PC))
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("429"));
    h.wm.stubFor(
        put(urlPathEqualTo(PC))
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs("429")
            .willReturn(
                error(
                        429,
                        "TooManyRequestsException",
                        "{\"Reason\":\"CallerRateLimitExceeded\",\"Type\":\"User\",\"message\":\"Rate exceeded\"}")
                    .withHeader("Retry-After", "4"))
            .willSetStateTo("409"));
    h.wm.stubFor(
        put(urlPathEqualTo(PC))
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs("409")
            .willReturn(
                error(
                    409,
                    "ResourceConflictException",
                    "{\"Type\":\"User\",\"message\":"
                        + "\"The operation cannot be performed at this time. An update is in progress for resource: checkout\"}"))
            .willSetStateTo("up"));
    CompletionStage<ApplyOutcome> stale = h.submit(TARGET, 3);
    h.drive.settle();
    ApplyOutcome o = h.await(h.submit(TARGET, 6));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(Kind.NOOP, stale.toCompletableFuture().join().kind());
    List<LoggedRequest> puts = h.wm.findAll(putRequestedFor(urlPathEqualTo(PC)));
    assertEquals(5, puts.size());
    for (LoggedRequest r : puts.subList(1, puts.size())) {
      assertTrue(
          r.getBodyAsString().contains("6"),
          "only the latest after the first failure: " + r.getBodyAsString());
    }
    assertEquals(
        1, h.engine.audit().recent(50, r -> r.detail().contains("retry in 4000 ms")).size());
    assertEquals(Kind.NOOP, h.await(h.submit(TARGET, 6)).kind());
    assertEquals(
        5, h.wm.findAll(putRequestedFor(urlPathEqualTo(PC))).size(), "nothing applied twice");
  }

  @Test
  void latestIsNotAValidQualifier() {
    ApplyOutcome o = h.await(h.submit(Map.of("function", "checkout", "qualifier", "$LATEST"), 2));
    assertEquals(Kind.REJECTED, o.kind());
    assertTrue(o.detail().contains("must be an alias or a published version"), o.detail());
    assertEquals(0, h.wm.getAllServeEvents().size());
  }

  @Test
  void aTimedOutPutThatLandedIsNotSentAgain() {
    h.close();
    h = new AwsHarness("aws-lambda", LambdaProvider::create, "1s");
    noReservation();
    account(900);
    provisioned();
    h.wm.stubFor(
        putStub(7)
            .inScenario("pc")
            .willReturn(inProgress(7).withFixedDelay(3000))
            .willSetStateTo("pc7"));
    h.wm.stubFor(
        get(urlPathEqualTo(PC))
            .inScenario("pc")
            .whenScenarioStateIs("pc7")
            .willReturn(
                json(
                    200,
                    "{\"RequestedProvisionedConcurrentExecutions\":7,\"AvailableProvisionedConcurrentExecutions\":0,"
                        + "\"AllocatedProvisionedConcurrentExecutions\":0,\"Status\":\"IN_PROGRESS\"}")));
    ApplyOutcome o = h.await(h.submit(TARGET, 7));
    assertEquals(Kind.NOOP, o.kind(), "the re-read after the timeout found 7 requested: " + o);
    assertEquals(1, h.wm.findAll(putRequestedFor(urlPathEqualTo(PC))).size());
  }
}
