package io.prescale.adapter.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.AdapterContractTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The adapter contract against WireMock speaking the Cloud Run Admin API v2. */
class CloudRunContractTest extends AdapterContractTest {
  private CloudRunFake fake;

  @BeforeEach
  void start() {
    fake = new CloudRunFake();
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
    return fake.serviceAt(instances, 0);
  }

  @Override
  protected int platformCount() throws Exception {
    return fake.platformMin();
  }

  @Override
  protected int applyRequests() {
    return fake.patches().size();
  }

  @Override
  protected void appliesAnswer(int status) {
    String s =
        status == 403 ? "PERMISSION_DENIED" : status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
    fake.wm.stubFor(
        patch(urlPathEqualTo(CloudRunFake.PATH))
            .willReturn(CloudRunFake.json(status, CloudRunFake.error(status, s, "scripted"))));
  }

  @Override
  protected void appliesTake(Duration delay) {
    fake.wm.stubFor(
        patch(urlPathEqualTo(CloudRunFake.PATH))
            .willReturn(
                CloudRunFake.json(200, "{\"name\":\"" + CloudRunFake.OP + "\",\"done\":false}")
                    .withFixedDelay((int) delay.toMillis())));
  }
}
