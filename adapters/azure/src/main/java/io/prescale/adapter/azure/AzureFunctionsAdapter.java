package io.prescale.adapter.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
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
 * Keeps {@code desired} instances warm on an Azure Functions app through ARM ({@code
 * Microsoft.Web/sites}):
 *
 * <ul>
 *   <li>Flex Consumption ({@code plan: flex}): the entry {@code {name, instanceCount}} of {@code
 *       properties.functionAppConfig.scaleAndConcurrency.alwaysReady} that the target names ({@code
 *       http}, {@code blob}, {@code durable} or {@code function:<name>}). The list is read and
 *       written whole (PATCH of the site's {@code functionAppConfig}), the other entries kept; 0
 *       removes the entry. Ceiling: {@code maximumInstanceCount} less the other entries.
 *   <li>Elastic Premium ({@code plan: premium}): the site config's {@code
 *       minimumElasticInstanceCount} (PATCH of {@code sites/APP/config/web}), with {@code
 *       preWarmedInstanceCount} when the target sets {@code preWarmed}. Ceiling {@value
 *       #MAX_ELASTIC_MINIMUM}, the API's bound.
 * </ul>
 */
final class AzureFunctionsAdapter implements ScalingAdapter {
  static final int MAX_ELASTIC_MINIMUM = 20;
  static final int MAX_PREWARMED = 10;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final ArmApi api;
  private final ExecutorService executor;

  AzureFunctionsAdapter(ArmApi api, ExecutorService executor) {
    this.api = api;
    this.executor = executor;
  }

  @Override
  public String name() {
    return AzureFunctionsProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return AzureNames.problems(target.values(), true);
  }

  @Override
  public Map<String, String> targetFor(
      Map<String, String> target, String function, Supplier<Map<String, String>> labels) {
    return AzureNames.complete(target, function, labels.get());
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    Map<String, String> t = checked(target);
    int n = desired.instances();
    return BlockingCalls.supply(
        executor,
        () -> {
          if (AzureNames.PREMIUM.equals(t.get("plan"))) {
            String path = site(t) + "/config/web";
            int from = site(api.get(path)).path("minimumElasticInstanceCount").asInt(0);
            int to = Math.min(n, MAX_ELASTIC_MINIMUM);
            ObjectNode props = JSON.objectNode();
            props.put("minimumElasticInstanceCount", to);
            String pw = AzureNames.get(t, "preWarmed");
            if (pw != null) {
              props.put("preWarmedInstanceCount", Integer.parseInt(pw));
            }
            ObjectNode body = JSON.objectNode();
            body.set("properties", props);
            api.patch(path, body);
            return ApplyOutcome.scaled(
                from,
                to,
                t.get("app")
                    + " minimumElasticInstanceCount "
                    + from
                    + " -> "
                    + to
                    + clamped(n, to));
          }
          String path = site(t);
          String group = t.get("alwaysReady");
          JsonNode config = site(api.get(path)).path("functionAppConfig");
          if (!config.isObject()) {
            throw new AdapterException(
                AdapterException.Kind.REJECTED,
                t.get("app")
                    + " has no properties.functionAppConfig: not a Flex Consumption app;"
                    + " use plan: premium for Elastic Premium");
          }
          ObjectNode copy = ((ObjectNode) config).deepCopy();
          ObjectNode scale = copy.with("scaleAndConcurrency");
          int from = count(scale, group);
          int ceiling = ceiling(scale, group);
          int to = Math.min(n, ceiling);
          ArrayNode list = JSON.arrayNode();
          for (JsonNode e : scale.path("alwaysReady")) {
            if (!group.equalsIgnoreCase(e.path("name").asText(""))) {
              list.add(e);
            }
          }
          if (to > 0) {
            list.addObject().put("name", group).put("instanceCount", to);
          }
          scale.set("alwaysReady", list);
          ObjectNode body = JSON.objectNode();
          body.putObject("properties").set("functionAppConfig", copy);
          api.patch(path, body);
          return ApplyOutcome.scaled(
              from,
              to,
              t.get("app") + " alwaysReady " + group + " " + from + " -> " + to + clamped(n, to));
        });
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    Map<String, String> t = checked(target);
    return BlockingCalls.supply(
        executor,
        () -> {
          if (AzureNames.PREMIUM.equals(t.get("plan"))) {
            JsonNode props = site(api.get(site(t) + "/config/web"));
            return new ActualState(
                props.path("minimumElasticInstanceCount").asInt(0), -1, 0, MAX_ELASTIC_MINIMUM);
          }
          JsonNode scale =
              site(api.get(site(t))).path("functionAppConfig").path("scaleAndConcurrency");
          String group = t.get("alwaysReady");
          return new ActualState(count(scale, group), -1, 0, ceiling(scale, group));
        });
  }

  private static String clamped(int asked, int to) {
    return to < asked ? " (asked " + asked + ", clamped to the plan's bound " + to + ")" : "";
  }

  /** The instance count of {@code group}'s always-ready entry; 0 when it has none. */
  static int count(JsonNode scale, String group) {
    for (JsonNode e : scale.path("alwaysReady")) {
      if (group.equalsIgnoreCase(e.path("name").asText(""))) {
        return Math.max(0, e.path("instanceCount").asInt(0));
      }
    }
    return 0;
  }

  /** {@code maximumInstanceCount} less the other always-ready entries; none when unset. */
  static int ceiling(JsonNode scale, String group) {
    int max = scale.path("maximumInstanceCount").asInt(0);
    if (max <= 0) {
      return Integer.MAX_VALUE;
    }
    int others = 0;
    for (JsonNode e : scale.path("alwaysReady")) {
      if (!group.equalsIgnoreCase(e.path("name").asText(""))) {
        others += Math.max(0, e.path("instanceCount").asInt(0));
      }
    }
    return Math.max(0, max - others);
  }

  private static JsonNode site(JsonNode resource) {
    if (resource == null || !resource.path("properties").isObject()) {
      throw new AdapterException(
          AdapterException.Kind.SERVER_ERROR, "ARM answered without a properties object");
    }
    return resource.get("properties");
  }

  private static String site(Map<String, String> t) {
    return "subscriptions/"
        + t.get("subscription")
        + "/resourceGroups/"
        + t.get("resourceGroup")
        + "/providers/Microsoft.Web/sites/"
        + t.get("app");
  }

  private static Map<String, String> checked(Target target) {
    List<String> problems = AzureNames.problems(target.values(), true);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    Map<String, String> t = new TreeMap<>();
    target.values().forEach((k, v) -> t.put(k, v.trim()));
    return t;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
