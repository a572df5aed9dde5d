package io.prescale.adapter.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.BlockingCalls;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Keeps {@code desired} instances warm as the service-level {@code scaling.minInstanceCount} of a
 * Cloud Run service (Admin API v2): a PATCH with the update mask {@code scaling.minInstanceCount},
 * which changes no revision template and so rolls no new revision (the revision-level {@code
 * template.scaling.minInstanceCount} would). The PATCH carries the etag just read, so a concurrent
 * change fails as ABORTED (a conflict: the engine re-reads and retries), and its long-running
 * operation is awaited with a deadline. The ceiling is the service's {@code
 * scaling.maxInstanceCount}, else its template's {@code maxInstanceCount}: the engine clamps to it,
 * and an apply above it is clamped and says so.
 */
final class CloudRunAdapter implements ScalingAdapter {
  private final CloudRunApi api;
  private final ExecutorService executor;

  CloudRunAdapter(CloudRunApi api, ExecutorService executor) {
    this.api = api;
    this.executor = executor;
  }

  @Override
  public String name() {
    return CloudRunProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return CloudRunNames.problems(target.values(), true);
  }

  @Override
  public Map<String, String> targetFor(
      Map<String, String> target, String function, Supplier<Map<String, String>> labels) {
    Map<String, String> filled = new TreeMap<>(target);
    String service = target.get("service");
    if (service == null || service.isBlank()) {
      filled.put("service", CloudRunNames.serviceOf(function, labels.get()));
    }
    return filled;
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    String name = fullName(target);
    return BlockingCalls.supply(
        executor,
        () -> {
          JsonNode service = api.getService(name);
          int from = min(service);
          int ceiling = ceiling(service);
          int n = Math.min(desired.instances(), ceiling);
          String clamped =
              n < desired.instances()
                  ? " (asked "
                      + desired.instances()
                      + ", clamped to maxInstanceCount "
                      + ceiling
                      + ")"
                  : "";
          JsonNode after = api.patchMinInstances(name, n, service.path("etag").asText(null));
          int now = after == null ? n : min(after);
          return ApplyOutcome.scaled(
              from, now, name + " scaling.minInstanceCount " + from + " -> " + now + clamped);
        });
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    String name = fullName(target);
    return BlockingCalls.supply(
        executor,
        () -> {
          JsonNode service = api.getService(name);
          return new ActualState(min(service), -1, 0, ceiling(service));
        });
  }

  private static String fullName(Target target) {
    List<String> problems = CloudRunNames.problems(target.values(), true);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return CloudRunNames.fullName(target.values());
  }

  /** Service-level minimum instances; absent (the JSON default) is 0. */
  static int min(JsonNode service) {
    return Math.max(0, service.path("scaling").path("minInstanceCount").asInt(0));
  }

  /**
   * The service-level {@code maxInstanceCount}, else the template's, else none; 0 means unset in
   * both.
   */
  static int ceiling(JsonNode service) {
    int svc = service.path("scaling").path("maxInstanceCount").asInt(0);
    if (svc > 0) {
      return svc;
    }
    int rev = service.path("template").path("scaling").path("maxInstanceCount").asInt(0);
    return rev > 0 ? rev : Integer.MAX_VALUE;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
