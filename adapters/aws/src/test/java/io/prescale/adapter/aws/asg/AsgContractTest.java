package io.prescale.adapter.aws.asg;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.AdapterContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The adapter contract against WireMock standing in for the EC2 Auto Scaling query API. */
class AsgContractTest extends AdapterContractTest {
  private static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  private static final Pattern DESIRED = Pattern.compile("DesiredCapacity=(\\d+)");
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
    return AsgProvider.create(
        new AdapterContext(
            "aws-asg",
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

  private static MappingBuilder action(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action));
  }

  private static ResponseDefinitionBuilder xml(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
  }

  @Override
  protected Map<String, String> targetAt(int instances) {
    initial = instances;
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < instances; i++) {
      members
          .append("<member><InstanceId>i-0")
          .append(i)
          .append(
              "</InstanceId><LifecycleState>InService</LifecycleState>"
                  + "<HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone>"
                  + "<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
    }
    wm.stubFor(
        action("DescribeAutoScalingGroups")
            .willReturn(
                xml(
                    200,
                    "<DescribeAutoScalingGroupsResponse xmlns=\""
                        + NS
                        + "\"><DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>web"
                        + "</AutoScalingGroupName><MinSize>0</MinSize><MaxSize>10</MaxSize><DesiredCapacity>"
                        + instances
                        + "</DesiredCapacity><DefaultCooldown>300</DefaultCooldown><HealthCheckType>EC2</HealthCheckType><Instances>"
                        + members
                        + "</Instances><CreatedTime>2025-01-01T00:00:00Z</CreatedTime></member></AutoScalingGroups>"
                        + "</DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                        + "</DescribeAutoScalingGroupsResponse>")));
    wm.stubFor(
        action("SetDesiredCapacity")
            .willReturn(
                xml(
                    200,
                    "<SetDesiredCapacityResponse xmlns=\""
                        + NS
                        + "\"><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></SetDesiredCapacityResponse>")));
    return Map.of("group", "web");
  }

  private List<LoggedRequest> sets() {
    return wm.findAll(
        postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SetDesiredCapacity")));
  }

  @Override
  protected int platformCount() {
    List<LoggedRequest> sets = sets();
    if (sets.isEmpty()) {
      return initial;
    }
    Matcher m = DESIRED.matcher(sets.get(sets.size() - 1).getBodyAsString());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Override
  protected int applyRequests() {
    return sets().size();
  }

  @Override
  protected void appliesAnswer(int status) {
    String code = status < 500 ? "AccessDenied" : "InternalFailure";
    wm.stubFor(
        action("SetDesiredCapacity")
            .willReturn(
                xml(
                    status,
                    "<ErrorResponse xmlns=\""
                        + NS
                        + "\"><Error><Type>"
                        + (status < 500 ? "Sender" : "Receiver")
                        + "</Type><Code>"
                        + code
                        + "</Code><Message>scripted "
                        + status
                        + "</Message></Error><RequestId>r-2</RequestId></ErrorResponse>")));
  }

  @Override
  protected void appliesTake(Duration delay) {
    wm.stubFor(
        action("SetDesiredCapacity")
            .willReturn(
                xml(
                        200,
                        "<SetDesiredCapacityResponse xmlns=\""
                            + NS
                            + "\"><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></SetDesiredCapacityResponse>")
                    .withFixedDelay((int) delay.toMillis())));
  }
}
