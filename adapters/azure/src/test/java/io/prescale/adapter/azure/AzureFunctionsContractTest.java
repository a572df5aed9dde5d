package io.prescale.adapter.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.AdapterContractTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The adapter contract against WireMock standing in for ARM, on a Flex Consumption app. */
class AzureFunctionsContractTest extends AdapterContractTest {
  private ArmFake fake;
  private int initial;

  @BeforeEach
  void start() {
    fake = new ArmFake();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Override
  protected ScalingAdapter newAdapter(Duration timeout) {
    return fake.adapter(time, timeout.toMillis() + "ms", "5s");
  }

  @Override
  protected Map<String, String> targetAt(int instances) {
    initial = instances;
    fake.flexAt(instances, 100);
    return ArmFake.flexTarget();
  }

  @Override
  protected int platformCount() throws Exception {
    return fake.flexCount(initial);
  }

  @Override
  protected int applyRequests() {
    return fake.patches(ArmFake.SITE).size();
  }

  @Override
  protected void appliesAnswer(int status) {
    String code =
        status == 403
            ? "AuthorizationFailed"
            : status >= 500 ? "InternalServerError" : "BadRequest";
    fake.wm.stubFor(
        patch(urlPathEqualTo(ArmFake.SITE))
            .willReturn(ArmFake.json(status, ArmFake.error(code, "scripted"))));
  }

  @Override
  protected void appliesTake(Duration delay) {
    fake.wm.stubFor(
        patch(urlPathEqualTo(ArmFake.SITE))
            .willReturn(
                ArmFake.json(200, ArmFake.flexSite(3, 100))
                    .withFixedDelay((int) delay.toMillis())));
  }
}
