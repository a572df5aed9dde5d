package io.prescale.adapter.aws.lambda;

import io.prescale.adapter.aws.AwsErrors;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.BlockingCalls;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAccountSettingsResponse;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.ListProvisionedConcurrencyConfigsResponse;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigListItem;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigNotFoundException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Holds {@code desired} instances warm as provisioned concurrency on a function's alias or version
 * ({@code PutProvisionedConcurrencyConfig}); at zero it deletes the configuration ({@code
 * DeleteProvisionedConcurrencyConfig}). Reads {@code GetProvisionedConcurrencyConfig} (requested =
 * configured, available = ready; none = 0) and {@code GetFunctionConcurrency}, so the engine never
 * asks for more than Lambda can give:
 *
 * <ul>
 *   <li>a function with reserved concurrency draws provisioned concurrency from its reservation,
 *       shared by all its versions and aliases: the ceiling is the reservation less what the other
 *       qualifiers hold ({@code ListProvisionedConcurrencyConfigs});
 *   <li>otherwise it draws from the account's unreserved pool ({@code GetAccountSettings}): the
 *       ceiling is what is set now plus the unreserved concurrency above the {@value
 *       #UNRESERVED_FLOOR} that Lambda keeps unreserved.
 * </ul>
 */
final class LambdaAdapter implements ScalingAdapter {
  static final int UNRESERVED_FLOOR = 100;
  private final LambdaClient client;
  private final ExecutorService executor;
  private final TimeSource time;

  LambdaAdapter(LambdaClient client, ExecutorService executor, TimeSource time) {
    this.client = client;
    this.executor = executor;
    this.time = time;
  }

  @Override
  public String name() {
    return LambdaProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return problems(target, true);
  }

  /**
   * A target without {@code function} is one Lambda per Prescale function: the name is derived from
   * the function ({@link LambdaNames}).
   */
  @Override
  public Map<String, String> targetFor(
      Map<String, String> target, String function, Supplier<Map<String, String>> labels) {
    Map<String, String> filled = new TreeMap<>(target);
    filled.put("function", LambdaNames.of(function, labels.get()));
    return filled;
  }

  /**
   * The target's problems: {@code qualifier} must be an alias or a published version; {@code
   * function} is required only once the engine completed the target ({@code functionRequired}), a
   * policy may leave it to be derived from the function.
   */
  static List<String> problems(Target target, boolean functionRequired) {
    List<String> problems = new ArrayList<>();
    if (functionRequired && target.get("function", null) == null) {
      problems.add(
          "adapter aws-lambda target key 'function' is missing; set the function name or ARN");
    }
    String q = target.get("qualifier", null);
    if (q == null) {
      problems.add(
          "adapter aws-lambda target key 'qualifier' is missing; set an alias or a published version");
    } else if (q.equals("$LATEST")) {
      problems.add(
          "adapter aws-lambda target key 'qualifier' = $LATEST, must be an alias or a published version"
              + " (Lambda has no provisioned concurrency on $LATEST)");
    }
    return problems;
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    String fn = target.require("function");
    String q = target.require("qualifier");
    String where = fn + ":" + q;
    int n = desired.instances();
    return async(
        () -> {
          if (n == 0) {
            try {
              call(
                  () ->
                      client.deleteProvisionedConcurrencyConfig(
                          b -> b.functionName(fn).qualifier(q)),
                  "DeleteProvisionedConcurrencyConfig " + where);
            } catch (AdapterException e) {
              if (e.status() == 404) {
                return ApplyOutcome.noop(0, where + " has no provisioned concurrency");
              }
              throw e;
            }
            return ApplyOutcome.scaled(
                desired.previous(), 0, where + " provisioned concurrency removed");
          }
          call(
              () ->
                  client.putProvisionedConcurrencyConfig(
                      b -> b.functionName(fn).qualifier(q).provisionedConcurrentExecutions(n)),
              "PutProvisionedConcurrencyConfig " + where);
          return ApplyOutcome.scaled(
              desired.previous(), n, where + " provisioned concurrency -> " + n);
        });
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    String fn = target.require("function");
    String q = target.require("qualifier");
    return async(
        () -> {
          int requested = 0;
          int available = 0;
          try {
            GetProvisionedConcurrencyConfigResponse r =
                client.getProvisionedConcurrencyConfig(b -> b.functionName(fn).qualifier(q));
            requested =
                r.requestedProvisionedConcurrentExecutions() == null
                    ? 0
                    : r.requestedProvisionedConcurrentExecutions();
            available =
                r.availableProvisionedConcurrentExecutions() == null
                    ? 0
                    : r.availableProvisionedConcurrentExecutions();
          } catch (ProvisionedConcurrencyConfigNotFoundException none) {
            // nothing provisioned: 0
          } catch (ResourceNotFoundException e) {
            throw new AdapterException(
                AdapterException.Kind.REJECTED,
                404,
                null,
                "function "
                    + fn
                    + " or qualifier "
                    + q
                    + " does not exist: "
                    + e.awsErrorDetails().errorMessage(),
                e);
          } catch (RuntimeException e) {
            throw AwsErrors.map(
                e, "GetProvisionedConcurrencyConfig " + fn + ":" + q, time.instant());
          }
          Integer reserved =
              call(
                      () -> client.getFunctionConcurrency(b -> b.functionName(fn)),
                      "GetFunctionConcurrency " + fn)
                  .reservedConcurrentExecutions();
          int ceiling;
          if (reserved != null) {
            ceiling = Math.max(0, reserved - otherQualifiers(fn, q));
          } else {
            GetAccountSettingsResponse account =
                call(() -> client.getAccountSettings(b -> {}), "GetAccountSettings");
            Integer unreserved =
                account.accountLimit() == null
                    ? null
                    : account.accountLimit().unreservedConcurrentExecutions();
            ceiling =
                unreserved == null
                    ? Integer.MAX_VALUE
                    : requested + Math.max(0, unreserved - UNRESERVED_FLOOR);
          }
          return ActualState.of(requested, available).withBounds(0, ceiling);
        });
  }

  /**
   * Provisioned concurrency requested on the function's qualifiers other than {@code qualifier}.
   */
  private int otherQualifiers(String fn, String qualifier) {
    int sum = 0;
    String marker = null;
    do {
      String from = marker;
      ListProvisionedConcurrencyConfigsResponse page =
          call(
              () -> client.listProvisionedConcurrencyConfigs(b -> b.functionName(fn).marker(from)),
              "ListProvisionedConcurrencyConfigs " + fn);
      for (ProvisionedConcurrencyConfigListItem c : page.provisionedConcurrencyConfigs()) {
        Integer n = c.requestedProvisionedConcurrentExecutions();
        if (n != null && !qualifier.equals(qualifierOf(c.functionArn()))) {
          sum += n;
        }
      }
      marker = page.nextMarker();
    } while (marker != null && !marker.isEmpty());
    return sum;
  }

  /**
   * The qualifier of a qualified function ARN ({@code
   * arn:aws:lambda:region:account:function:name:qualifier}).
   */
  static String qualifierOf(String functionArn) {
    if (functionArn == null) {
      return null;
    }
    String[] parts = functionArn.split(":");
    return parts.length >= 8 ? parts[7] : null;
  }

  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }

  private <T> T call(Supplier<T> body, String what) {
    return AwsErrors.call(body, what, time.instant());
  }

  private <T> CompletionStage<T> async(Supplier<T> body) {
    return BlockingCalls.supply(executor, body);
  }
}
