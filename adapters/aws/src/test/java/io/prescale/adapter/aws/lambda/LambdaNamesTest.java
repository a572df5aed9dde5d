package io.prescale.adapter.aws.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prescale.adapter.aws.AwsHarness;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambda function name behind a {@code region/name} key, and the engine filling it into the
 * target.
 */
class LambdaNamesTest {
  static final String ARN = "arn:aws:lambda:eu-west-1:123456789012:function:orders";

  @Test
  void arnFromResourceIdWinsWithoutItsQualifier() {
    assertEquals(
        ARN,
        LambdaNames.of(
            "eu-west-1/orders",
            Map.of(
                "cloud.resource_id",
                ARN + ":live",
                "faas.name",
                "other",
                "cloud.region",
                "eu-west-1")));
    assertEquals(ARN, LambdaNames.of("eu-west-1/orders", Map.of("cloud.resource_id", ARN)));
  }

  @Test
  void faasNameThenKeyAfterTheRegion() {
    assertEquals(
        "orders-v2",
        LambdaNames.of(
            "eu-west-1/orders",
            Map.of("faas.name", "orders-v2", "cloud.resource_id", "i-0abc (not an ARN)")));
    assertEquals("orders", LambdaNames.of("eu-west-1/orders", Map.of("cloud.region", "eu-west-1")));
    assertEquals("orders", LambdaNames.of("eu-west-1/orders", Map.of()));
    assertEquals("orders", LambdaNames.of("orders", null));
  }

  @Test
  void onlyFunctionArnsCount() {
    assertNull(LambdaNames.unqualifiedArn("arn:aws:lambda:eu-west-1:123456789012:layer:x:1"));
    assertNull(LambdaNames.unqualifiedArn("arn:aws:s3:::bucket"));
    assertNull(LambdaNames.unqualifiedArn("arn:aws:lambda:eu-west-1:123456789012:function:"));
    assertNull(LambdaNames.unqualifiedArn(null));
  }

  @Test
  void providerAcceptsATargetWithoutFunctionButTheCompletedTargetNeedsOne() {
    LambdaProvider p = new LambdaProvider();
    assertEquals(List.of(), p.validateTarget(Target.of("aws-lambda", Map.of("qualifier", "live"))));
    assertEquals(
        List.of(
            "adapter aws-lambda target key 'qualifier' is missing; set an alias or a published version"),
        p.validateTarget(Target.of("aws-lambda", Map.of())));
    assertEquals(
        List.of(
            "adapter aws-lambda target key 'function' is missing; set the function name or ARN"),
        LambdaAdapter.problems(Target.of("aws-lambda", Map.of("qualifier", "live")), true));
  }

  @Test
  void engineFillsTheDerivedNameNotTheKey() {
    try (AwsHarness h = new AwsHarness("aws-lambda", LambdaProvider::create)) {
      FunctionKey fn = FunctionKey.of("eu-west-1/orders");
      h.engine.labelsBy(f -> f.equals(fn) ? Map.of("cloud.region", "eu-west-1") : Map.of());
      h.engine.submit(
          new AdapterBinding("aws-lambda", Map.of("qualifier", "live")),
          ScaleDecision.of(fn, h.time.epochNanos(), 2, "predictive", "r", Map.of()));
      assertEquals(
          "aws-lambda{function=orders, qualifier=live}", h.engine.targets().get(0).target());
    }
  }
}
