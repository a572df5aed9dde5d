package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.prescale.core.FunctionKey;
import io.prescale.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes as the real `kubectl kustomize` renders it, base and component combinations:
 * deploy/check-kustomize.sh renders them into a directory with a renders.txt index ("FILE
 * COMPONENTS|- IMAGE" per line) and runs this test with -Dprescale.rendered=DIR (without the
 * property it is skipped: plain `mvn verify` has no kubectl to rely on). Every object must be a
 * typed Kubernetes object with no unknown field (or a known Prometheus Operator resource), unique,
 * in the prescale namespace unless it is a watched namespace's RoleBinding; the Deployment must be
 * valid and equal to what DeployObjectsTest's own patching gives; and each component's objects must
 * be there exactly when it is on and agree with the rest (selectors, ports, roles, rules).
 */
class DeployRenderedTest {
  static final Map<String, String> KINDS =
      Map.of(
          "Namespace",
          "v1",
          "ServiceAccount",
          "v1",
          "ClusterRole",
          "rbac.authorization.k8s.io/v1",
          "ClusterRoleBinding",
          "rbac.authorization.k8s.io/v1",
          "RoleBinding",
          "rbac.authorization.k8s.io/v1",
          "ConfigMap",
          "v1",
          "Deployment",
          "apps/v1",
          "Service",
          "v1",
          "NetworkPolicy",
          "networking.k8s.io/v1",
          "PodDisruptionBudget",
          "policy/v1");
  static final Set<String> OPERATOR_KINDS = Set.of("ServiceMonitor", "PrometheusRule");
  static final String PODAUTOSCALERS = "podautoscalers.autoscaling.internal.knative.dev";

  record Render(Path file, List<String> components, String image) {}

  static List<Render> renders() throws Exception {
    String dir = System.getProperty("prescale.rendered");
    Assumptions.assumeTrue(
        dir != null && !dir.isBlank(), "no -Dprescale.rendered (run deploy/check-kustomize.sh)");
    Path d = Path.of(dir);
    List<Render> out = new ArrayList<>();
    for (String line : Files.readAllLines(d.resolve("renders.txt"))) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      assertEquals(3, f.length, "renders.txt line " + line);
      out.add(
          new Render(
              d.resolve(f[0]),
              f[1].equals("-") ? List.of() : Arrays.asList(f[1].split(",")),
              f[2]));
    }
    return out;
  }

  @Test
  void everyComponentIsRenderedAloneAndTogether() throws Exception {
    List<Render> renders = renders();
    Set<String> alone = new TreeSet<>();
    boolean base = false;
    int largest = 0;
    for (Render r : renders) {
      base |= r.components().isEmpty();
      if (r.components().size() == 1) {
        alone.add(r.components().get(0));
      }
      largest = Math.max(largest, r.components().size());
    }
    assertTrue(base, "the base is rendered");
    assertEquals(
        new TreeSet<>(DeployObjectsTest.componentNames()), alone, "every component rendered alone");
    assertEquals(
        DeployObjectsTest.componentNames().size(), largest, "all components rendered together");
    assertTrue(
        renders.stream().anyMatch(r -> !r.image().equals("prescale:0.1.0-SNAPSHOT")),
        "an images: override is rendered");
  }

  @Test
  void everyRenderIsValid() throws Exception {
    for (Render r : renders()) {
      check(r);
    }
  }

  private static void check(Render r) throws Exception {
    String what =
        r.file().getFileName()
            + " ("
            + (r.components().isEmpty() ? "base" : String.join("+", r.components()))
            + ")";
    Map<String, List<HasMetadata>> byKind = new HashMap<>();
    Map<String, List<JsonNode>> operator = new HashMap<>();
    Set<String> ids = new TreeSet<>();
    for (JsonNode doc : DeployObjectsTest.docs(r.file())) {
      String kind = doc.path("kind").asText();
      String id =
          kind
              + " "
              + doc.path("metadata").path("namespace").asText()
              + "/"
              + doc.path("metadata").path("name").asText();
      assertTrue(ids.add(id), what + ": " + id + " twice");
      if (OPERATOR_KINDS.contains(kind)) {
        assertEquals("monitoring.coreos.com/v1", doc.path("apiVersion").asText(), what + " " + id);
        assertEquals("prescale", doc.path("metadata").path("namespace").asText(), what + " " + id);
        operator.computeIfAbsent(kind, k -> new ArrayList<>()).add(doc);
        continue;
      }
      assertTrue(KINDS.containsKey(kind), what + ": unexpected kind " + id);
      HasMetadata o = DeployObjectsTest.typed(doc, r.file(), KINDS);
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(o);
    }
    Set<String> on = Set.copyOf(r.components());

    // Deployment: valid, the image asked for, and what DeployObjectsTest's patching predicts.
    Deployment d = (Deployment) only(byKind, "Deployment", what);
    DeployObjectsTest.validate(d, what);
    assertEquals(
        r.image(),
        d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
        what + ": image");
    List<String> patching =
        r.components().stream().filter(DeployObjectsTest.DEPLOYMENT_COMPONENTS::contains).toList();
    Deployment predicted = DeployObjectsTest.applyComponents(patching);
    predicted.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(r.image());
    assertEquals(
        DeployObjectsTest.JSON2.readTree(DeployObjectsTest.K8S.asJson(predicted.getSpec())),
        DeployObjectsTest.JSON2.readTree(DeployObjectsTest.K8S.asJson(d.getSpec())),
        what
            + ": kubectl kustomize and DeployObjectsTest.applyComponents disagree on the Deployment");
    Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
    for (List<HasMetadata> objects : byKind.values()) {
      for (HasMetadata o : objects) {
        String ns = o.getMetadata().getNamespace();
        if (o instanceof RoleBinding
            || o.getKind().equals("Namespace")
            || o.getKind().startsWith("Cluster")) {
          continue;
        }
        assertEquals(
            "prescale",
            ns,
            what + ": " + o.getKind() + " " + o.getMetadata().getName() + " namespace");
      }
    }

    // RBAC: cluster-wide or per watched namespace; PodAutoscaler access only with its component.
    ClusterRole role = (ClusterRole) only(byKind, "ClusterRole", what);
    Set<String> rules = new TreeSet<>();
    role.getRules()
        .forEach(
            rule ->
                rule.getApiGroups()
                    .forEach(
                        g ->
                            rule.getResources()
                                .forEach(
                                    res ->
                                        rule.getVerbs()
                                            .forEach(v -> rules.add(v + " " + res + "." + g)))));
    assertEquals(
        on.contains("knative-podautoscaler"),
        rules.contains("get " + PODAUTOSCALERS) && rules.contains("patch " + PODAUTOSCALERS),
        what + ": PodAutoscaler rules " + rules);
    assertEquals(
        on.contains("prometheus-sources"),
        rules.contains("list pods.") && rules.contains("list endpoints."),
        what + ": pod and endpoints listing only with prometheus-sources: " + rules);
    String sa = only(byKind, "ServiceAccount", what).getMetadata().getName();
    List<HasMetadata> crbs = byKind.getOrDefault("ClusterRoleBinding", List.of());
    List<HasMetadata> rbs = byKind.getOrDefault("RoleBinding", List.of());
    if (on.contains("namespaced-rbac")) {
      assertEquals(List.of(), crbs, what + ": no ClusterRoleBinding when namespaced");
      Set<String> bound = new TreeSet<>();
      for (HasMetadata o : rbs) {
        RoleBinding rb = (RoleBinding) o;
        assertEquals("ClusterRole", rb.getRoleRef().getKind(), what);
        assertEquals(role.getMetadata().getName(), rb.getRoleRef().getName(), what);
        assertBindsServiceAccount(rb.getSubjects(), sa, what);
        bound.add(rb.getMetadata().getNamespace());
      }
      assertEquals(
          targetNamespaces(byKind, what),
          bound,
          what + ": a RoleBinding in each namespace the ConfigMap policy targets");
    } else {
      assertEquals(List.of(), rbs, what + ": RoleBindings only with namespaced-rbac");
      ClusterRoleBinding crb = (ClusterRoleBinding) only(byKind, "ClusterRoleBinding", what);
      assertEquals(role.getMetadata().getName(), crb.getRoleRef().getName(), what);
      assertBindsServiceAccount(crb.getSubjects(), sa, what);
    }

    // NetworkPolicy: selects the pod, admits every container port and only those.
    List<HasMetadata> nps = byKind.getOrDefault("NetworkPolicy", List.of());
    assertEquals(on.contains("networkpolicy") ? 1 : 0, nps.size(), what + ": NetworkPolicy");
    if (!nps.isEmpty()) {
      NetworkPolicy np = (NetworkPolicy) nps.get(0);
      assertSelects(
          np.getSpec().getPodSelector().getMatchLabels(), podLabels, what + " NetworkPolicy");
      assertEquals(List.of("Ingress"), np.getSpec().getPolicyTypes(), what);
      Set<String> admitted = new TreeSet<>();
      np.getSpec()
          .getIngress()
          .forEach(
              rule -> {
                assertFalse(
                    rule.getPorts().isEmpty(),
                    what + ": an ingress rule without ports admits every port");
                for (NetworkPolicyPort p : rule.getPorts()) {
                  IntOrString port = p.getPort();
                  admitted.add(
                      port.getStrVal() != null
                          ? port.getStrVal()
                          : String.valueOf(port.getIntVal()));
                }
              });
      Set<String> containerPorts =
          d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
              .map(p -> p.getName())
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(
          containerPorts, admitted, what + ": NetworkPolicy ports against the container's");
    }

    // PodDisruptionBudget: selects the pod; at most the replicas.
    List<HasMetadata> pdbs = byKind.getOrDefault("PodDisruptionBudget", List.of());
    assertEquals(on.contains("pdb") ? 1 : 0, pdbs.size(), what + ": PodDisruptionBudget");
    if (!pdbs.isEmpty()) {
      PodDisruptionBudget pdb = (PodDisruptionBudget) pdbs.get(0);
      assertSelects(
          pdb.getSpec().getSelector().getMatchLabels(), podLabels, what + " PodDisruptionBudget");
      assertTrue(
          pdb.getSpec().getMinAvailable().getIntVal() <= d.getSpec().getReplicas(),
          what + ": minAvailable <= replicas");
      assertEquals(
          "AlwaysAllow",
          pdb.getSpec().getUnhealthyPodEvictionPolicy(),
          what + ": a crash-looping pod never blocks a drain");
    }

    // Prometheus Operator objects.
    assertEquals(
        on.contains("servicemonitor") ? 1 : 0,
        operator.getOrDefault("ServiceMonitor", List.of()).size(),
        what);
    List<JsonNode> prs = operator.getOrDefault("PrometheusRule", List.of());
    assertEquals(on.contains("prometheusrule") ? 1 : 0, prs.size(), what + ": PrometheusRule");
    if (!prs.isEmpty()) {
      assertEquals(
          DeployPrometheusRuleTest.rulesFileGroups(),
          prs.get(0).path("spec").path("groups"),
          what
              + ": the rendered PrometheusRule's groups against deploy/prometheus/prescale-rules.yaml");
    }
  }

  /**
   * The namespaces of the ConfigMap policy's adapter targets, once its example rules are opted in.
   */
  private static Set<String> targetNamespaces(Map<String, List<HasMetadata>> byKind, String what)
      throws Exception {
    var cm = (ConfigMap) only(byKind, "ConfigMap", what);
    Policy policy = DeployRbacTest.optedIn(cm.getData().get("policy.yaml"));
    Set<String> ns = new TreeSet<>();
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (String f : List.of("shop/checkout", "media/resize")) {
      String n =
          policy.resolve(FunctionKey.of(f), Map.of(), at).adapter().target().get("namespace");
      assertNotNull(n, what + ": " + f + " target has a namespace");
      ns.add(n);
    }
    return ns;
  }

  private static void assertBindsServiceAccount(List<Subject> subjects, String sa, String what) {
    assertEquals(1, subjects.size(), what + ": subjects " + subjects);
    assertEquals("ServiceAccount", subjects.get(0).getKind(), what);
    assertEquals(sa, subjects.get(0).getName(), what);
    assertEquals("prescale", subjects.get(0).getNamespace(), what);
  }

  private static void assertSelects(
      Map<String, String> selector, Map<String, String> labels, String what) {
    assertNotNull(selector, what + " selector");
    assertFalse(selector.isEmpty(), what + ": an empty selector selects every pod");
    selector.forEach((k, v) -> assertEquals(v, labels.get(k), what + " selector " + k));
  }

  private static HasMetadata only(Map<String, List<HasMetadata>> byKind, String kind, String what) {
    List<HasMetadata> l = byKind.get(kind);
    assertNotNull(l, what + ": no " + kind);
    assertEquals(1, l.size(), what + ": one " + kind);
    return l.get(0);
  }
}
