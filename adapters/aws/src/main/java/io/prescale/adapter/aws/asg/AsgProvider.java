package io.prescale.adapter.aws.asg;

import io.prescale.adapter.aws.AwsClients;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * {@code aws-asg}. Target: {@code group} (Auto Scaling group name). Settings: {@code region},
 * {@code endpoint}, {@code timeout}, {@code connect-timeout}, {@code threads} (default 2), {@code
 * honor-cooldown} (default false).
 */
public final class AsgProvider implements AdapterProvider {
  public static final String NAME = "aws-asg";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    return create(context, null);
  }

  /** With explicit credentials (tests, embedding); null uses the default chain. */
  public static ScalingAdapter create(AdapterContext context, AwsCredentialsProvider credentials) {
    AutoScalingClient client =
        AwsClients.configure(AutoScalingClient.builder(), context, credentials).build();
    String cooldown = context.setting("honor-cooldown", "false");
    if (!cooldown.equals("true") && !cooldown.equals("false")) {
      throw new IllegalArgumentException(
          "adapter aws-asg setting honor-cooldown = " + cooldown + ", must be true or false");
    }
    return new AsgAdapter(
        client,
        AwsClients.executor(NAME, context.integer("threads", 2, 1, 64)),
        context.time(),
        Boolean.parseBoolean(cooldown));
  }

  @Override
  public List<String> validateTarget(Target target) {
    return AsgAdapter.problems(target);
  }
}
