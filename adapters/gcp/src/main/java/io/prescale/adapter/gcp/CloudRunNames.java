package io.prescale.adapter.gcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which Cloud Run service a binding target names. A target holds {@code project}, {@code location}
 * and {@code service} (the service id), or {@code service} alone as the full resource name {@code
 * projects/P/locations/L/services/S}. A Cloud Run function (2nd gen) is served by a Cloud Run
 * service of the same name ({@code serviceConfig.service} of the function), so its target is that
 * service.
 *
 * <p>When {@code service} is left out it is derived from the function, as an OpenTelemetry SDK with
 * the GCP resource detector reports it on Cloud Run ({@code faas.name} = {@code K_SERVICE}, {@code
 * cloud.region}, {@code cloud.account.id}): in this order {@code faas.name}, the key after its
 * {@code cloud.region} prefix (the collector's default key is {@code <cloud.region>/<faas.name>},
 * e.g. {@code us-central1/checkout}), else after its last {@code /}.
 */
final class CloudRunNames {
  static final String FAAS_NAME = "faas.name";
  static final String REGION = "cloud.region";
  private static final Pattern ID = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern FULL =
      Pattern.compile("projects/[^/]+/locations/[^/]+/services/[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

  private CloudRunNames() {}

  /** The service id for {@code key}, from the function's resource {@code labels}. */
  static String serviceOf(String key, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    String name = l.get(FAAS_NAME);
    if (name != null && !name.isBlank() && name.indexOf('/') < 0) {
      return name.trim();
    }
    String region = l.get(REGION);
    if (region != null && key.startsWith(region + "/") && key.length() > region.length() + 1) {
      return key.substring(region.length() + 1);
    }
    int slash = key.lastIndexOf('/');
    return slash >= 0 && slash < key.length() - 1 ? key.substring(slash + 1) : key;
  }

  /** {@code projects/P/locations/L/services/S} of a complete target. */
  static String fullName(Map<String, String> t) {
    String service = t.get("service").trim();
    return FULL.matcher(service).matches()
        ? service
        : "projects/"
            + t.get("project").trim()
            + "/locations/"
            + t.get("location").trim()
            + "/services/"
            + service;
  }

  /**
   * Problems of a target: {@code project} and {@code location} unless {@code service} is a full
   * name; {@code service} (a Cloud Run service id: lower-case letters, digits, dashes, at most 63)
   * when {@code serviceRequired}.
   */
  static List<String> problems(Map<String, String> t, boolean serviceRequired) {
    List<String> problems = new ArrayList<>();
    String service = blankToNull(t.get("service"));
    boolean full = service != null && FULL.matcher(service).matches();
    if (service == null) {
      if (serviceRequired) {
        problems.add("adapter gcp-cloud-run target key 'service' is missing; set the service id");
      }
    } else if (!full && !ID.matcher(service).matches()) {
      problems.add(
          "adapter gcp-cloud-run target key 'service' = "
              + service
              + ", must be a Cloud Run service id (lower-case letters, digits and '-', at most 63,"
              + " starting with a letter) or projects/P/locations/L/services/S");
    }
    if (!full) {
      for (String key : List.of("project", "location")) {
        if (blankToNull(t.get(key)) == null) {
          problems.add(
              "adapter gcp-cloud-run target key '"
                  + key
                  + "' is missing; set the Google Cloud "
                  + (key.equals("project") ? "project id" : "region, e.g. us-central1"));
        }
      }
    }
    return problems;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
