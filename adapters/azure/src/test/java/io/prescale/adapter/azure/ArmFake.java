package io.prescale.adapter.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.core.time.TimeSource;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * WireMock standing in for Azure Resource Manager with one function app, {@value #APP}: {@code
 * GET}/{@code PATCH} of {@code Microsoft.Web/sites} (a Flex Consumption site with {@code
 * functionAppConfig}) and of its {@code config/web} (an Elastic Premium site config), ARM error
 * bodies {@code {"error": {"code", "message"}}}.
 */
final class ArmFake implements AutoCloseable {
  static final String TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.test.sig";
  static final String APP = "shop-func";
  static final String SITE =
      "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups/rg-shop"
          + "/providers/Microsoft.Web/sites/"
          + APP;
  static final String CONFIG = SITE + "/config/web";
  static final TokenCredential CREDENTIAL =
      request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
  final WireMockServer wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private static final ObjectMapper JSON = new ObjectMapper();

  ArmFake() {
    wm.start();
  }

  ScalingAdapter adapter(TimeSource time, String timeout, String operationTimeout) {
    return AzureFunctionsProvider.create(
        new AdapterContext(
            AzureFunctionsProvider.NAME,
            Map.of(
                "endpoint",
                wm.baseUrl(),
                "timeout",
                timeout,
                "operation-timeout",
                operationTimeout,
                "poll-interval",
                "50ms"),
            time),
        CREDENTIAL);
  }

  static Map<String, String> flexTarget() {
    return Map.of(
        "subscription", "0b1f6471-1bf0-4dda-aec3-111122223333",
        "resourceGroup", "rg-shop",
        "app", APP,
        "plan", "flex",
        "alwaysReady", "function:checkout");
  }

  static Map<String, String> premiumTarget() {
    return Map.of(
        "subscription", "0b1f6471-1bf0-4dda-aec3-111122223333",
        "resourceGroup", "rg-shop",
        "app", APP,
        "plan", "premium",
        "preWarmed", "1");
  }

  /** A Flex Consumption app whose {@code function:checkout} entry is {@code n} beside http: 2. */
  void flexAt(int n, int max) {
    String site = flexSite(n, max);
    wm.stubFor(get(urlPathEqualTo(SITE)).willReturn(json(200, site)));
    wm.stubFor(patch(urlPathEqualTo(SITE)).willReturn(json(200, site)));
  }

  /** A Flex Consumption site as {@code GET Microsoft.Web/sites} answers it (abridged). */
  static String flexSite(int n, int max) {
    return "{\"id\":\""
        + SITE
        + "\",\"name\":\""
        + APP
        + "\",\"type\":\"Microsoft.Web/sites\","
        + "\"kind\":\"functionapp,linux\",\"location\":\"East US\",\"properties\":{"
        + "\"state\":\"Running\",\"hostNames\":[\"shop-func.azurewebsites.net\"],"
        + "\"serverFarmId\":\"/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333/resourceGroups"
        + "/rg-shop/providers/Microsoft.Web/serverfarms/ASP-shop-flex\","
        + "\"sku\":\"FlexConsumption\",\"functionAppConfig\":{\"deployment\":{\"storage\":{"
        + "\"type\":\"blobContainer\",\"value\":\"https://shopstore.blob.core.windows.net/deploy\","
        + "\"authentication\":{\"type\":\"SystemAssignedIdentity\"}}},"
        + "\"runtime\":{\"name\":\"python\",\"version\":\"3.11\"},\"scaleAndConcurrency\":{"
        + "\"alwaysReady\":[{\"name\":\"http\",\"instanceCount\":2}"
        + (n > 0 ? ",{\"name\":\"function:checkout\",\"instanceCount\":" + n + "}" : "")
        + "],\"maximumInstanceCount\":"
        + max
        + ",\"instanceMemoryMB\":2048,"
        + "\"triggers\":null}}}}";
  }

  /** An Elastic Premium app's site config with minimumElasticInstanceCount {@code n}. */
  void premiumAt(int n) {
    String config =
        "{\"id\":\""
            + CONFIG
            + "\",\"name\":\""
            + APP
            + "\",\"type\":"
            + "\"Microsoft.Web/sites/config\",\"location\":\"East US\",\"properties\":{"
            + "\"numberOfWorkers\":1,\"netFrameworkVersion\":\"v4.0\",\"functionAppScaleLimit\":20,"
            + "\"minimumElasticInstanceCount\":"
            + n
            + ",\"preWarmedInstanceCount\":1,"
            + "\"alwaysOn\":false}}";
    wm.stubFor(get(urlPathEqualTo(CONFIG)).willReturn(json(200, config)));
    wm.stubFor(patch(urlPathEqualTo(CONFIG)).willReturn(json(200, config)));
  }

  static String error(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("x-ms-request-id", "6f0e1c55-0000-4000-8000-000000000001")
        .withBody(body);
  }

  List<LoggedRequest> patches(String path) {
    return wm.findAll(patchRequestedFor(urlPathEqualTo(path)));
  }

  static JsonNode body(LoggedRequest r) throws Exception {
    return JSON.readTree(r.getBodyAsString());
  }

  /** The function:checkout count the last site PATCH asked for, else {@code initial}. */
  int flexCount(int initial) throws Exception {
    List<LoggedRequest> p = patches(SITE);
    if (p.isEmpty()) {
      return initial;
    }
    JsonNode list =
        body(p.get(p.size() - 1))
            .path("properties")
            .path("functionAppConfig")
            .path("scaleAndConcurrency")
            .path("alwaysReady");
    for (JsonNode e : list) {
      if (e.path("name").asText().equals("function:checkout")) {
        return e.path("instanceCount").asInt();
      }
    }
    return 0;
  }

  @Override
  public void close() {
    wm.stop();
  }
}
