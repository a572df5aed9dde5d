package io.prescale.adapter.aws.asg;

import io.prescale.adapter.aws.AwsErrors;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.BlockingCalls;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.time.TimeSource;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;

/**
 * Sets an EC2 Auto Scaling group's desired capacity ({@code SetDesiredCapacity}) within the group's
 * own min and max, which {@code DescribeAutoScalingGroups} reports as the platform's bounds (the
 * engine clamps to them). Ready = instances InService and Healthy. Cooldowns are not honoured
 * unless the {@code honor-cooldown} setting is true: Prescale decides ahead of demand.
 */
final class AsgAdapter implements ScalingAdapter {
  private final AutoScalingClient client;
  private final ExecutorService executor;
  private final TimeSource time;
  private final boolean honorCooldown;

  AsgAdapter(
      AutoScalingClient client, ExecutorService executor, TimeSource time, boolean honorCooldown) {
    this.client = client;
    this.executor = executor;
    this.time = time;
    this.honorCooldown = honorCooldown;
  }

  @Override
  public String name() {
    return AsgProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return problems(target);
  }

  /** The target's problems: {@code group} is required. */
  static List<String> problems(Target target) {
    return target.get("group", null) == null
        ? List.of("adapter aws-asg target key 'group' is missing; set the Auto Scaling group name")
        : List.of();
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    String group = target.require("group");
    return async(
        () -> {
          call(
              () ->
                  client.setDesiredCapacity(
                      b ->
                          b.autoScalingGroupName(group)
                              .desiredCapacity(desired.instances())
                              .honorCooldown(honorCooldown)),
              "SetDesiredCapacity " + group);
          return ApplyOutcome.scaled(
              desired.previous(),
              desired.instances(),
              "group " + group + " desired capacity -> " + desired.instances());
        });
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    String group = target.require("group");
    return async(
        () -> {
          DescribeAutoScalingGroupsResponse r =
              call(
                  () -> client.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)),
                  "DescribeAutoScalingGroups " + group);
          AutoScalingGroup g =
              r.autoScalingGroups().stream()
                  .filter(x -> group.equals(x.autoScalingGroupName()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new AdapterException(
                              AdapterException.Kind.REJECTED,
                              404,
                              null,
                              "Auto Scaling group " + group + " does not exist",
                              null));
          int ready =
              (int)
                  g.instances().stream()
                      .filter(
                          i ->
                              "InService".equals(i.lifecycleStateAsString())
                                  && "Healthy".equalsIgnoreCase(i.healthStatus()))
                      .count();
          int min = g.minSize() == null ? 0 : g.minSize();
          int max = g.maxSize() == null ? Integer.MAX_VALUE : g.maxSize();
          return ActualState.of(g.desiredCapacity() == null ? 0 : g.desiredCapacity(), ready)
              .withBounds(Math.max(0, min), Math.max(Math.max(0, min), max));
        });
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
