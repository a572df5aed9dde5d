package io.prescale.adapter.aws.asg;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
 * The aws-asg adapter against WireMock stubs of the EC2 Auto Scaling query API (form POSTs, XML
 * answers).
 */
class AsgAdapterTest {
  private static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  private static final Map<String, String> TARGET = Map.of("group", "web");
  private AwsHarness h;

  @BeforeEach
  void setUp() {
    h = new AwsHarness("aws-asg", AsgProvider::create);
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private static MappingBuilder action(String action) {
    return post(urlEqualTo("/"))
        .withRequestBody(containing("Action=" + action))
        .withRequestBody(containing("Version=2011-01-01"));
  }

  private static ResponseDefinitionBuilder xml(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
  }

  private static String group(int desired) {
    return "<DescribeAutoScalingGroupsResponse xmlns=\""
        + NS
        + "\"><DescribeAutoScalingGroupsResult><AutoScalingGroups>"
        + "<member><AutoScalingGroupName>web</AutoScalingGroupName>"
        + "<AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/web</AutoScalingGroupARN>"
        + "<MinSize>1</MinSize><MaxSize>6</MaxSize><DesiredCapacity>"
        + desired
        + "</DesiredCapacity>"
        + "<DefaultCooldown>300</DefaultCooldown><HealthCheckType>EC2</HealthCheckType>"
        + "<Instances>"
        + "<member><InstanceId>i-0a</InstanceId><LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>"
        + "<member><InstanceId>i-0b</InstanceId><LifecycleState>Pending</LifecycleState><HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1b</AvailabilityZone><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>"
        + "</Instances><CreatedTime>2025-01-01T00:00:00Z</CreatedTime></member>"
        + "</AutoScalingGroups></DescribeAutoScalingGroupsResult>"
        + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>";
  }

  private static String error(String type, String code, String message) {
    return "<ErrorResponse xmlns=\""
        + NS
        + "\"><Error><Type>"
        + type
        + "</Type><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error><RequestId>r-2</RequestId></ErrorResponse>";
  }

  private static final String SET_OK =
      "<SetDesiredCapacityResponse xmlns=\""
          + NS
          + "\"><ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></SetDesiredCapacityResponse>";

  /** Describe answers desired 2 until SetDesiredCapacity of {@code n} lands. */
  private void groupLanding(int... landing) {
    h.wm.stubFor(
        action("DescribeAutoScalingGroups")
            .withRequestBody(containing("AutoScalingGroupNames.member.1=web"))
            .inScenario("g")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(xml(200, group(2))));
    for (int n : landing) {
      h.wm.stubFor(
          action("DescribeAutoScalingGroups")
              .inScenario("g")
              .whenScenarioStateIs("d" + n)
              .willReturn(xml(200, group(n))));
      h.wm.stubFor(
          action("SetDesiredCapacity")
              .withRequestBody(containing("DesiredCapacity=" + n + "&"))
              .inScenario("g")
              .willReturn(xml(200, SET_OK))
              .willSetStateTo("d" + n));
    }
  }

  private List<LoggedRequest> sets() {
    return h.wm.findAll(
        postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=SetDesiredCapacity")));
  }

  @Test
  void setsDesiredCapacityWithinTheGroupsMinAndMax() {
    groupLanding(4, 6);
    ApplyOutcome o = h.await(h.submit(TARGET, 4));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    String body = sets().get(0).getBodyAsString();
    assertTrue(
        body.contains("AutoScalingGroupName=web") && body.contains("HonorCooldown=false"), body);
    ApplyOutcome clamped = h.await(h.submit(TARGET, 50));
    assertEquals(6, clamped.to(), "clamped to the group's MaxSize: " + clamped);
    assertEquals(2, sets().size());
  }

  @Test
  void reachesTheLatestDesiredStateThroughFaults() {
    groupLanding(5);
    String s = "faults";
    h.wm.stubFor(
        action("SetDesiredCapacity")
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                xml(500, error("Receiver", "InternalFailure", "An internal error occurred")))
            .willSetStateTo("reset"));
    h.wm.stubFor(
        action("SetDesiredCapacity")
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("throttled"));
    h.wm.stubFor(
        action("SetDesiredCapacity")
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs("throttled")
            .willReturn(
                xml(400, error("Sender", "Throttling", "Rate exceeded"))
                    .withHeader("Retry-After", "5"))
            .willSetStateTo("busy"));
    h.wm.stubFor(
        action("SetDesiredCapacity")
            .atPriority(1)
            .inScenario(s)
            .whenScenarioStateIs("busy")
            .willReturn(
                xml(
                    400,
                    error(
                        "Sender",
                        "ScalingActivityInProgress",
                        "Scaling activity 1234 is in progress and blocks this action")))
            .willSetStateTo("up"));
    CompletionStage<ApplyOutcome> stale = h.submit(TARGET, 3);
    h.drive.settle();
    ApplyOutcome o = h.await(h.submit(TARGET, 5));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(Kind.NOOP, stale.toCompletableFuture().join().kind());
    List<LoggedRequest> all = sets();
    assertEquals(5, all.size());
    for (LoggedRequest r : all.subList(1, all.size())) {
      assertTrue(r.getBodyAsString().contains("DesiredCapacity=5"), r.getBodyAsString());
    }
    assertEquals(
        1, h.engine.audit().recent(50, r -> r.detail().contains("retry in 5000 ms")).size());
    assertEquals(Kind.NOOP, h.await(h.submit(TARGET, 5)).kind());
    assertEquals(5, sets().size(), "nothing applied twice");
  }

  @Test
  void anUnknownGroupIsRejected() {
    h.wm.stubFor(
        action("DescribeAutoScalingGroups")
            .willReturn(
                xml(
                    200,
                    "<DescribeAutoScalingGroupsResponse xmlns=\""
                        + NS
                        + "\"><DescribeAutoScalingGroupsResult><AutoScalingGroups/></DescribeAutoScalingGroupsResult>"
                        + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>")));
    ApplyOutcome o = h.await(h.submit(Map.of("group", "nope"), 2));
    assertEquals(Kind.REJECTED, o.kind());
    assertTrue(o.detail().contains("nope does not exist"), o.detail());
  }
}
