package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import java.util.TreeMap;
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
      Map.ofEntries(
          Map.entry("Namespace", "v1"),
          Map.entry("ServiceAccount", "v1"),
          Map.entry("ClusterRole", "rbac.authorization.k8s.io/v1"),
          Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
          Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
          Map.entry("ConfigMap", "v1"),
          Map.entry("Deployment", "apps/v1"),
          Map.entry("StatefulSet", "apps/v1"),
          Map.entry("Service", "v1"),
          Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
          Map.entry("PodDisruptionBudget", "policy/v1"));
  static final Set<String> OPERATOR_KINDS = Set.of("ServiceMonitor", "PrometheusRule");
  static final String KAFKA_TOPIC_API = "kafka.strimzi.io/v1beta2";
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
      if (!r.components().isEmpty()) {
        String last = r.components().get(r.components().size() - 1);
        if (r.components()
            .subList(0, r.components().size() - 1)
            .equals(DeployObjectsTest.NEEDS.getOrDefault(last, List.of()))) {
          alone.add(last);
        }
      }
      largest = Math.max(largest, r.components().size());
    }
    assertTrue(base, "the base is rendered");
    assertEquals(
        new TreeSet<>(DeployObjectsTest.componentNames()),
        alone,
        "every component rendered alone (after those it needs)");
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
    List<JsonNode> topics = new ArrayList<>();
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
      if (kind.equals("KafkaTopic")) {
        assertEquals(KAFKA_TOPIC_API, doc.path("apiVersion").asText(), what + " " + id);
        topics.add(doc);
        continue;
      }
      assertTrue(KINDS.containsKey(kind), what + ": unexpected kind " + id);
      HasMetadata o = DeployObjectsTest.typed(doc, r.file(), KINDS);
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(o);
    }

    // The workload, a Deployment or (components/kafka) a StatefulSet: valid, the image asked for,
    // and what DeployObjectsTest's patching predicts (kustomize's generated ConfigMap names aside).
    Set<String> on = Set.copyOf(r.components());
    String workloadKind = on.contains("kafka") ? "StatefulSet" : "Deployment";
    assertFalse(
        byKind.containsKey(on.contains("kafka") ? "Deployment" : "StatefulSet"),
        what + ": a Deployment or a StatefulSet, not both");
    HasMetadata d = only(byKind, workloadKind, what);
    PodTemplateSpec template = DeployObjectsTest.template(d);
    DeployObjectsTest.validate(d, what);
    assertEquals(r.image(), template.getSpec().getContainers().get(0).getImage(), what + ": image");
    List<String> patching =
        r.components().stream().filter(DeployObjectsTest.DEPLOYMENT_COMPONENTS::contains).toList();
    HasMetadata predicted = DeployObjectsTest.applyComponents(patching);
    DeployObjectsTest.template(predicted).getSpec().getContainers().get(0).setImage(r.image());
    Map<String, ConfigMap> configMaps = configMaps(byKind, what);
    String rendered = DeployObjectsTest.K8S.asJson(spec(d));
    for (String generated : List.of("prescale-kafka")) {
      for (String name : configMaps.keySet()) {
        if (name.matches(generated + "-[a-z0-9]{10}")) {
          rendered = rendered.replace("\"" + name + "\"", "\"" + generated + "\"");
        }
      }
    }
    assertEquals(
        DeployObjectsTest.JSON2.readTree(DeployObjectsTest.K8S.asJson(spec(predicted))),
        DeployObjectsTest.JSON2.readTree(rendered),
        what
            + ": kubectl kustomize and DeployObjectsTest.applyComponents disagree on the "
            + workloadKind);
    // Every value taken from a ConfigMap names a rendered ConfigMap that has the key.
    for (EnvVar e : template.getSpec().getContainers().get(0).getEnv()) {
      if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = e.getValueFrom().getConfigMapKeyRef();
        ConfigMap cm = configMaps.get(ref.getName());
        assertNotNull(cm, what + ": env " + e.getName() + " from a missing ConfigMap " + ref);
        assertTrue(
            cm.getData().containsKey(ref.getKey()),
            what + ": env " + e.getName() + ": ConfigMap " + ref.getName() + " has no " + ref);
      }
    }
    Map<String, String> podLabels = template.getMetadata().getLabels();
    for (List<HasMetadata> objects : byKind.values()) {
      for (HasMetadata o : objects) {
        assertEquals(
            "prescale",
            o.getMetadata().getLabels() == null
                ? null
                : o.getMetadata()
                    .getLabels()
                    .getOrDefault(
                        "app.kubernetes.io/part-of",
                        o.getMetadata().getLabels().get("app.kubernetes.io/name")),
            what
                + ": "
                + o.getKind()
                + " "
                + o.getMetadata().getName()
                + " labelled as Prescale's");
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
          template.getSpec().getContainers().get(0).getPorts().stream()
              .map(p -> p.getName())
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(
          containerPorts, admitted, what + ": NetworkPolicy ports against the container's");
    }

    // PodDisruptionBudget: selects the pod; one replica: minAvailable 1 (drains wait); several
    // (components/kafka after components/pdb): maxUnavailable 1 (one handover at a time).
    int replicas =
        d instanceof StatefulSet s
            ? s.getSpec().getReplicas()
            : ((Deployment) d).getSpec().getReplicas();
    List<HasMetadata> pdbs = byKind.getOrDefault("PodDisruptionBudget", List.of());
    assertEquals(on.contains("pdb") ? 1 : 0, pdbs.size(), what + ": PodDisruptionBudget");
    if (!pdbs.isEmpty()) {
      PodDisruptionBudget pdb = (PodDisruptionBudget) pdbs.get(0);
      assertSelects(
          pdb.getSpec().getSelector().getMatchLabels(), podLabels, what + " PodDisruptionBudget");
      if (replicas == 1) {
        assertEquals(new IntOrString(1), pdb.getSpec().getMinAvailable(), what + ": minAvailable");
        assertNull(pdb.getSpec().getMaxUnavailable(), what + ": maxUnavailable");
      } else {
        assertNull(pdb.getSpec().getMinAvailable(), what + ": minAvailable with " + replicas);
        assertEquals(
            new IntOrString(1), pdb.getSpec().getMaxUnavailable(), what + ": maxUnavailable");
      }
      assertEquals(
          "AlwaysAllow",
          pdb.getSpec().getUnhealthyPodEvictionPolicy(),
          what + ": a crash-looping pod never blocks a drain");
    }

    // Services: prescale (every port, load-balanced); with kafka also the headless prescale-peers
    // that the StatefulSet names, which the ServiceMonitor must not select (double scrapes).
    Map<String, Service> services = new TreeMap<>();
    for (HasMetadata o : byKind.getOrDefault("Service", List.of())) {
      services.put(o.getMetadata().getName(), (Service) o);
      assertSelects(((Service) o).getSpec().getSelector(), podLabels, what + " Service");
    }
    assertEquals(
        on.contains("kafka") ? Set.of("prescale", "prescale-peers") : Set.of("prescale"),
        services.keySet(),
        what + ": Services");
    List<JsonNode> sms = operator.getOrDefault("ServiceMonitor", List.of());
    assertEquals(on.contains("servicemonitor") ? 1 : 0, sms.size(), what);
    for (JsonNode sm : sms) {
      List<String> scraped = new ArrayList<>();
      for (Service s : services.values()) {
        boolean selected = true;
        var it = sm.path("spec").path("selector").path("matchLabels").fields();
        while (it.hasNext()) {
          var e = it.next();
          selected &= e.getValue().asText().equals(s.getMetadata().getLabels().get(e.getKey()));
        }
        if (selected) {
          scraped.add(s.getMetadata().getName());
        }
      }
      assertEquals(List.of("prescale"), scraped, what + ": the ServiceMonitor's Services");
    }
    if (on.contains("kafka")) {
      checkCluster(
          (StatefulSet) d,
          services.get("prescale-peers"),
          configMaps,
          on,
          topics,
          what + " cluster mode");
    } else {
      assertEquals(1, replicas, what + ": one replica without components/kafka");
    }
    assertEquals(List.of(), on.contains("kafka-strimzi-topics") ? List.of() : topics, what);

    // Prometheus Operator objects.
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
   * components/kafka: several replicas with a stable, unique identity and an address the others
   * reach; the Kafka settings resolved from the rendered ConfigMap; with kafka-strimzi-topics, the
   * three KafkaTopics agreeing with those settings and Prescale not creating topics itself.
   */
  private static void checkCluster(
      StatefulSet s,
      Service peers,
      Map<String, ConfigMap> configMaps,
      Set<String> on,
      List<JsonNode> topics,
      String what) {
    PodTemplateSpec t = s.getSpec().getTemplate();
    List<String> args = t.getSpec().getContainers().get(0).getArgs();
    int replicas = s.getSpec().getReplicas();
    assertEquals(3, replicas, what + ": replicas");
    assertSelects(
        s.getSpec().getSelector().getMatchLabels(),
        t.getMetadata().getLabels(),
        what + " StatefulSet");
    assertEquals(peers.getMetadata().getName(), s.getSpec().getServiceName(), what);
    assertEquals("None", peers.getSpec().getClusterIP(), what + ": prescale-peers is headless");
    assertFalse(args.contains("--data-dir"), what + ": no --data-dir " + args);
    Map<String, String> resolved = new HashMap<>();
    for (EnvVar e : t.getSpec().getContainers().get(0).getEnv()) {
      if (e.getValue() != null) {
        resolved.put(e.getName(), e.getValue());
      } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = e.getValueFrom().getConfigMapKeyRef();
        resolved.put(e.getName(), configMaps.get(ref.getName()).getData().get(ref.getKey()));
      } else if (e.getValueFrom().getFieldRef() != null) {
        String field = e.getValueFrom().getFieldRef().getFieldPath();
        resolved.put(
            e.getName(),
            switch (field) {
              case "metadata.name" -> s.getMetadata().getName() + "-1";
              case "metadata.namespace" -> s.getMetadata().getNamespace();
              default -> throw new AssertionError(what + ": env from " + field);
            });
      }
    }
    // The values the kubelet passes to prescale-1 ($(VAR) expanded from its env).
    Map<String, String> value = new HashMap<>();
    for (String o :
        List.of(
            "--kafka-bootstrap",
            "--kafka-topic-prefix",
            "--kafka-partitions",
            "--kafka-create-topics",
            "--replica-id",
            "--advertised-url")) {
      String v = DeployClusterTest.arg(args, o);
      for (var e : resolved.entrySet()) {
        v = v.replace("$(" + e.getKey() + ")", e.getValue());
      }
      assertFalse(v.contains("$("), what + ": " + o + " " + v + " has an undefined variable");
      value.put(o, v);
    }
    assertTrue(
        value.get("--kafka-bootstrap").matches("[A-Za-z0-9.-]+:[0-9]+(,[A-Za-z0-9.-]+:[0-9]+)*"),
        what + ": --kafka-bootstrap " + value.get("--kafka-bootstrap"));
    assertEquals(
        "prescale-1", value.get("--replica-id"), what + ": --replica-id is the pod's stable name");
    int httpPort =
        t.getSpec().getContainers().get(0).getPorts().stream()
            .filter(p -> p.getName().equals("http"))
            .findFirst()
            .orElseThrow()
            .getContainerPort();
    assertEquals(httpPort, peers.getSpec().getPorts().get(0).getPort(), what);
    assertEquals(
        (on.contains("tls") ? "https" : "http")
            + "://prescale-1.prescale-peers.prescale.svc:"
            + httpPort,
        value.get("--advertised-url"),
        what + ": --advertised-url is the pod's name in the headless Service, the API's scheme");
    int partitions = Integer.parseInt(value.get("--kafka-partitions"));
    assertTrue(partitions > replicas, what + ": more partitions than replicas: " + partitions);
    String prefix = value.get("--kafka-topic-prefix");
    boolean strimzi = on.contains("kafka-strimzi-topics");
    assertEquals(
        String.valueOf(!strimzi),
        value.get("--kafka-create-topics"),
        what + ": Prescale creates the topics unless Strimzi does");
    if (!strimzi) {
      return;
    }
    Map<String, JsonNode> byName = new TreeMap<>();
    for (JsonNode topic : topics) {
      byName.put(topic.path("metadata").path("name").asText(), topic);
    }
    assertEquals(
        Set.of(prefix + ".invocations", prefix + ".state", prefix + ".members"),
        byName.keySet(),
        what + ": KafkaTopics named after --kafka-topic-prefix");
    Set<String> clusters = new TreeSet<>();
    Set<String> namespaces = new TreeSet<>();
    for (JsonNode topic : topics) {
      String name = topic.path("metadata").path("name").asText();
      clusters.add(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText());
      namespaces.add(topic.path("metadata").path("namespace").asText());
      JsonNode spec = topic.path("spec");
      assertTrue(
          spec.path("topicName").isMissingNode() || spec.path("topicName").asText().equals(name),
          what + ": " + name + " topicName");
      assertTrue(spec.path("partitions").isInt(), what + ": " + name + " partitions an integer");
      int rf = spec.path("replicas").asInt();
      int minIsr = spec.path("config").path("min.insync.replicas").asInt();
      assertTrue(
          rf >= 1 && minIsr >= 1 && minIsr <= rf,
          what + ": " + name + " min.insync.replicas " + minIsr + " of replicas " + rf);
    }
    assertEquals(1, clusters.size(), what + ": one strimzi.io/cluster " + clusters);
    assertFalse(clusters.contains(""), what + ": the strimzi.io/cluster label");
    assertEquals(1, namespaces.size(), what + ": one namespace " + namespaces);
    assertFalse(namespaces.contains(""), what + ": KafkaTopics in the Topic Operator's namespace");
    JsonNode invocations = byName.get(prefix + ".invocations").path("spec");
    JsonNode state = byName.get(prefix + ".state").path("spec");
    JsonNode members = byName.get(prefix + ".members").path("spec");
    assertEquals(partitions, invocations.path("partitions").asInt(), what + ": invocations");
    assertEquals(partitions, state.path("partitions").asInt(), what + ": state");
    assertEquals(1, members.path("partitions").asInt(), what + ": members has one partition");
    assertEquals("delete", invocations.path("config").path("cleanup.policy").asText(), what);
    assertEquals("compact", state.path("config").path("cleanup.policy").asText(), what);
    assertEquals("compact", members.path("config").path("cleanup.policy").asText(), what);
    assertTrue(
        invocations.path("config").path("retention.ms").asLong() >= 3_600_000L,
        what
            + ": the invocations' retention (replayed from the last checkpoint, every 10s) is"
            + " hours: "
            + invocations.path("config").path("retention.ms"));
  }

  private static Object spec(HasMetadata workload) {
    return workload instanceof StatefulSet s ? s.getSpec() : ((Deployment) workload).getSpec();
  }

  private static Map<String, ConfigMap> configMaps(
      Map<String, List<HasMetadata>> byKind, String what) {
    Map<String, ConfigMap> out = new TreeMap<>();
    for (HasMetadata o : byKind.getOrDefault("ConfigMap", List.of())) {
      out.put(o.getMetadata().getName(), (ConfigMap) o);
    }
    return out;
  }

  /**
   * The namespaces of the ConfigMap policy's adapter targets, once its example rules are opted in.
   */
  private static Set<String> targetNamespaces(Map<String, List<HasMetadata>> byKind, String what)
      throws Exception {
    var cm = (ConfigMap) configMaps(byKind, what).get("prescale-policy");
    assertNotNull(cm, what + ": ConfigMap prescale-policy");
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
