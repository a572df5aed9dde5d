package io.prescale.adapter.aws.lambda;

import io.prescale.adapter.aws.AwsClients;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * {@code aws-lambda}. Target: {@code function} (name or ARN), {@code qualifier} (alias or version).
 * Settings: {@code region}, {@code endpoint}, {@code timeout}, {@code connect-timeout}, {@code
 * threads} (default 2); credentials from the default chain.
 */
public final class LambdaProvider implements AdapterProvider {
  public static final String NAME = "aws-lambda";

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
    LambdaClient client =
        AwsClients.configure(LambdaClient.builder(), context, credentials).build();
    return new LambdaAdapter(
        client, AwsClients.executor(NAME, context.integer("threads", 2, 1, 64)), context.time());
  }

  /**
   * As the adapter's validation, except that {@code function} may be left out (derived, see {@link
   * LambdaNames}).
   */
  @Override
  public List<String> validateTarget(Target target) {
    return LambdaAdapter.problems(target, false);
  }
}
