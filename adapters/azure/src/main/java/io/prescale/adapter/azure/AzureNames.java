package io.prescale.adapter.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A binding target of {@code azure-functions} and how it is completed from the function. Keys:
 * {@code subscription}, {@code resourceGroup}, {@code app} (the function app, i.e. the {@code
 * Microsoft.Web/sites} name), {@code plan} ({@code flex} or {@code premium}); on Flex Consumption
 * {@code alwaysReady}: which always-ready entry to set, {@code http}, {@code blob}, {@code durable}
 * (a trigger group) or {@code function:<name>}; on Elastic Premium optionally {@code preWarmed}
 * (0..10), written beside the minimum.
 *
 * <p>The Functions host's OpenTelemetry resource carries {@code service.name} = the app name
 * ({@code WEBSITE_SITE_NAME}), {@code cloud.region} and {@code cloud.resource_id} = {@code
 * /subscriptions/S/resourceGroups/G/providers/Microsoft.Web/sites/APP}; the invocation span carries
 * {@code faas.name} = the function's name, so the collector's default key is {@code
 * <cloud.region>/<function>}. A target without {@code app} takes it (and a missing subscription or
 * resource group) from {@code cloud.resource_id}, else {@code service.name}; without {@code
 * alwaysReady}, a Flex target takes {@code function:<function>}, the function being the key after
 * its {@code cloud.region} prefix (else after its last {@code /}).
 */
final class AzureNames {
  static final String RESOURCE_ID = "cloud.resource_id";
  static final String SERVICE_NAME = "service.name";
  static final String REGION = "cloud.region";
  static final String FLEX = "flex";
  static final String PREMIUM = "premium";
  private static final Pattern SITE_ID =
      Pattern.compile(
          "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Web/sites/([^/]+)/?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern GROUP =
      Pattern.compile("http|blob|durable|function:[A-Za-z0-9][A-Za-z0-9_-]{0,127}");

  private AzureNames() {}

  static Map<String, String> complete(
      Map<String, String> target, String key, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    Map<String, String> t = new TreeMap<>(target);
    String id = l.get(RESOURCE_ID);
    Matcher m = id == null ? null : SITE_ID.matcher(id.trim());
    if (m != null && m.matches()) {
      t.putIfAbsent("subscription", m.group(1));
      t.putIfAbsent("resourceGroup", m.group(2));
      t.putIfAbsent("app", m.group(3));
    }
    String service = l.get(SERVICE_NAME);
    if (service != null && !service.isBlank() && !service.startsWith("unknown_service")) {
      t.putIfAbsent("app", service.trim());
    }
    if (FLEX.equals(t.get("plan"))) {
      t.putIfAbsent("alwaysReady", "function:" + functionOf(key, l));
    }
    return t;
  }

  static String functionOf(String key, Map<String, String> labels) {
    String region = labels.get(REGION);
    if (region != null && key.startsWith(region + "/") && key.length() > region.length() + 1) {
      return key.substring(region.length() + 1);
    }
    int slash = key.lastIndexOf('/');
    return slash >= 0 && slash < key.length() - 1 ? key.substring(slash + 1) : key;
  }

  /**
   * Problems of a target; {@code complete} when the engine completed it ({@code app} and, on Flex,
   * {@code alwaysReady} required).
   */
  static List<String> problems(Map<String, String> t, boolean complete) {
    List<String> p = new ArrayList<>();
    String plan = get(t, "plan");
    if (plan == null) {
      p.add(
          "adapter azure-functions target key 'plan' is missing; set flex (Flex Consumption)"
              + " or premium (Elastic Premium)");
    } else if (!plan.equals(FLEX) && !plan.equals(PREMIUM)) {
      p.add("adapter azure-functions target key 'plan' = " + plan + ", must be flex or premium");
    }
    for (String k : List.of("subscription", "resourceGroup")) {
      if (get(t, k) == null) {
        p.add("adapter azure-functions target key '" + k + "' is missing");
      }
    }
    if (complete && get(t, "app") == null) {
      p.add("adapter azure-functions target key 'app' is missing; set the function app's name");
    }
    String group = get(t, "alwaysReady");
    if (group != null && !GROUP.matcher(group).matches()) {
      p.add(
          "adapter azure-functions target key 'alwaysReady' = "
              + group
              + ", must be http, blob, durable or function:<name>");
    }
    if (group != null && PREMIUM.equals(plan)) {
      p.add(
          "adapter azure-functions target key 'alwaysReady' applies to plan flex only;"
              + " premium sets the app's minimumElasticInstanceCount");
    }
    if (complete && group == null && FLEX.equals(plan)) {
      p.add("adapter azure-functions target key 'alwaysReady' is missing");
    }
    String pw = get(t, "preWarmed");
    if (pw != null) {
      if (!PREMIUM.equals(plan)) {
        p.add("adapter azure-functions target key 'preWarmed' applies to plan premium only");
      }
      int n;
      try {
        n = Integer.parseInt(pw);
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0 || n > AzureFunctionsAdapter.MAX_PREWARMED) {
        p.add(
            "adapter azure-functions target key 'preWarmed' = "
                + pw
                + ", must be an integer in"
                + " [0; "
                + AzureFunctionsAdapter.MAX_PREWARMED
                + "]");
      }
    }
    return p;
  }

  static String get(Map<String, String> t, String key) {
    String v = t.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
