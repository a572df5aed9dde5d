package io.prescale.adapter.kubernetes;

import io.prescale.adapter.spi.Target;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A Deployment or StatefulSet named by a binding target: {@code {namespace, deployment}}, {@code
 * {namespace, statefulset}} or {@code {namespace, kind, name}}; namespace defaults to {@code
 * default}.
 */
record WorkloadRef(String namespace, String kind, String name) {

  static WorkloadRef of(Target t) {
    String ns = t.get("namespace", "default");
    String deployment = t.get("deployment", null);
    String statefulset = t.get("statefulset", null);
    if (deployment != null && statefulset != null) {
      throw new IllegalArgumentException(
          "adapter kubernetes target has both 'deployment' = "
              + deployment
              + " and 'statefulset' = "
              + statefulset
              + ", must name one workload");
    }
    if (deployment != null) {
      return new WorkloadRef(ns, "Deployment", deployment);
    }
    if (statefulset != null) {
      return new WorkloadRef(ns, "StatefulSet", statefulset);
    }
    String kind = t.get("kind", null);
    if (kind == null) {
      throw new IllegalArgumentException(
          "adapter kubernetes target needs 'deployment', 'statefulset' or"
              + " 'kind' + 'name'; target has "
              + new TreeMap<>(t.values()).keySet());
    }
    String normalized =
        switch (kind.toLowerCase(Locale.ROOT)) {
          case "deployment", "deployments" -> "Deployment";
          case "statefulset", "statefulsets" -> "StatefulSet";
          default ->
              throw new IllegalArgumentException(
                  "adapter kubernetes target key 'kind' = "
                      + kind
                      + ", must be one of [Deployment, StatefulSet]");
        };
    return new WorkloadRef(ns, normalized, t.require("name"));
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
