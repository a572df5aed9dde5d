package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.prescale.adapter.keda.KedaProvider;
import io.prescale.core.FunctionKey;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * deploy/kubernetes: every manifest parses, and the objects refer to each other correctly
 * (ServiceAccount, ConfigMap and its key, ports and their names, probes, RBAC subjects, the
 * container's arguments against {@code prescale run}'s options). The policy in the ConfigMap passes
 * {@code prescale policy validate}.
 */
class DeployManifestsTest {
  static final Path DEPLOY =
      Path.of(System.getProperty("user.dir")).resolve("../deploy/kubernetes").normalize();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Map<String, List<JsonNode>> BY_KIND = new HashMap<>();
  static final Map<String, Path> FILE_OF = new HashMap<>();

  @TempDir Path dir;

  @BeforeAll
  static void parseAll() throws IOException {
    assertTrue(Files.isDirectory(DEPLOY), DEPLOY + " is missing");
    try (Stream<Path> files = Files.list(DEPLOY)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
          while (it.hasNext()) {
            JsonNode doc = it.next();
            if (doc == null || doc.isNull() || doc.isMissingNode()) {
              continue;
            }
            String kind = text(doc, "kind", f);
            text(doc, "apiVersion", f);
            if (!kind.equals("Kustomization")) {
              text(doc.path("metadata"), "name", f);
            }
            BY_KIND.computeIfAbsent(kind, k -> new ArrayList<>()).add(doc);
            FILE_OF.putIfAbsent(kind, f);
          }
        }
      }
    }
  }

  static String text(JsonNode node, String field, Path file) {
    JsonNode v = node.get(field);
    assertTrue(
        v != null && v.isTextual() && !v.asText().isBlank(),
        file + ": '" + field + "' missing in " + node);
    return v.asText();
  }

  static JsonNode one(String kind) {
    List<JsonNode> docs = BY_KIND.get(kind);
    assertNotNull(docs, "no " + kind + " in " + DEPLOY);
    assertEquals(1, docs.size(), "expected exactly one " + kind);
    return docs.get(0);
  }

  static JsonNode container() {
    JsonNode containers =
        one("Deployment").path("spec").path("template").path("spec").path("containers");
    assertEquals(1, containers.size(), "one container");
    return containers.get(0);
  }

  static Map<String, Integer> containerPorts() {
    Map<String, Integer> ports = new HashMap<>();
    for (JsonNode p : container().path("ports")) {
      ports.put(p.path("name").asText(), p.path("containerPort").asInt());
    }
    return ports;
  }

  @Test
  void kustomizationListsEveryManifestAndNothingElse() throws IOException {
    Set<String> listed = new HashSet<>();
    one("Kustomization").path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> present = new HashSet<>();
    try (Stream<Path> files = Files.list(DEPLOY)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .forEach(present::add);
    }
    assertEquals(present, listed);
  }

  @Test
  void everythingNamespacedLivesInTheNamespace() {
    String ns = one("Namespace").path("metadata").path("name").asText();
    for (String kind : List.of("ServiceAccount", "ConfigMap", "Deployment", "Service")) {
      assertEquals(ns, one(kind).path("metadata").path("namespace").asText(), kind + " namespace");
    }
  }

  @Test
  void deploymentUsesTheServiceAccountAndTheConfigMapKey() {
    JsonNode pod = one("Deployment").path("spec").path("template").path("spec");
    assertEquals(
        one("ServiceAccount").path("metadata").path("name").asText(),
        pod.path("serviceAccountName").asText());

    JsonNode cm = one("ConfigMap");
    JsonNode policyVolume = null;
    for (JsonNode v : pod.path("volumes")) {
      if (v.has("configMap")) {
        policyVolume = v;
      }
    }
    assertNotNull(policyVolume, "a ConfigMap volume");
    assertEquals(
        cm.path("metadata").path("name").asText(),
        policyVolume.path("configMap").path("name").asText());
    JsonNode item = policyVolume.path("configMap").path("items").get(0);
    assertTrue(
        cm.path("data").has(item.path("key").asText()), "ConfigMap has key " + item.path("key"));

    String mountPath = null;
    for (JsonNode m : container().path("volumeMounts")) {
      if (m.path("name").asText().equals(policyVolume.path("name").asText())) {
        mountPath = m.path("mountPath").asText();
      }
    }
    assertNotNull(mountPath, "the policy volume is mounted");
    List<String> args = new ArrayList<>();
    container().path("args").forEach(a -> args.add(a.asText()));
    assertEquals("run", args.get(0));
    assertEquals("0.0.0.0", args.get(args.indexOf("--bind") + 1));
    assertEquals(
        mountPath + "/" + item.path("path").asText(), args.get(args.indexOf("--config") + 1));
  }

  @Test
  void containerArgumentsAreOptionsOfPrescaleRunAndPortsAreItsDefaults() {
    CommandLine run = PrescaleCommand.commandLine().getSubcommands().get("run");
    List<String> args = new ArrayList<>();
    container().path("args").forEach(a -> args.add(a.asText()));
    for (String a : args.subList(1, args.size())) {
      if (a.startsWith("--")) {
        assertNotNull(run.getCommandSpec().findOption(a), "prescale run has no option " + a);
      }
    }
    Map<String, Integer> ports = containerPorts();
    assertEquals(
        Integer.valueOf(run.getCommandSpec().findOption("--otlp-grpc-port").defaultValue()),
        ports.get("otlp-grpc"));
    assertEquals(
        Integer.valueOf(run.getCommandSpec().findOption("--otlp-http-port").defaultValue()),
        ports.get("otlp-http"));
    assertEquals(
        Integer.valueOf(run.getCommandSpec().findOption("--http-port").defaultValue()),
        ports.get("http"));
    assertEquals(KedaProvider.DEFAULT_PORT, ports.get("keda-scaler"));
    boolean kedaListensOutsideThePod = false;
    for (JsonNode e : container().path("env")) {
      kedaListensOutsideThePod |=
          e.path("name").asText().equals("PRESCALE_ADAPTER_KEDA_HOST")
              && e.path("value").asText().equals("0.0.0.0");
    }
    assertTrue(kedaListensOutsideThePod, "the KEDA scaler must listen beyond loopback in the pod");
  }

  @Test
  void probesHitHealthAndReadinessOnTheApiPort() {
    JsonNode c = container();
    assertEquals("/healthz", c.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals("/readyz", c.path("readinessProbe").path("httpGet").path("path").asText());
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      String port = c.path(probe).path("httpGet").path("port").asText();
      assertTrue(
          containerPorts().containsKey(port),
          probe + " port " + port + " is a named container port");
      assertEquals(8080, containerPorts().get(port), probe + " goes to the API port");
    }
  }

  @Test
  void serviceSelectsThePodsAndExposesEveryContainerPort() {
    JsonNode svc = one("Service").path("spec");
    JsonNode labels =
        one("Deployment").path("spec").path("template").path("metadata").path("labels");
    svc.path("selector")
        .fields()
        .forEachRemaining(
            e ->
                assertEquals(
                    e.getValue().asText(),
                    labels.path(e.getKey()).asText(),
                    "selector " + e.getKey()));
    Map<String, Integer> ports = containerPorts();
    Set<Integer> exposed = new HashSet<>();
    for (JsonNode p : svc.path("ports")) {
      String target = p.path("targetPort").asText();
      assertTrue(ports.containsKey(target), "targetPort " + target + " is a container port name");
      assertEquals(ports.get(target), p.path("port").asInt(), "service port " + target);
      exposed.add(p.path("port").asInt());
    }
    assertEquals(Set.of(4317, 4318, 8080, 9095), exposed);
  }

  @Test
  void runsAsNonRootWithAReadOnlyRootFilesystemAndResources() {
    JsonNode c = container();
    JsonNode sc = c.path("securityContext");
    assertTrue(sc.path("readOnlyRootFilesystem").asBoolean());
    assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true));
    assertTrue(
        sc.path("runAsNonRoot").asBoolean()
            || one("Deployment")
                .path("spec")
                .path("template")
                .path("spec")
                .path("securityContext")
                .path("runAsNonRoot")
                .asBoolean());
    assertEquals("ALL", sc.path("capabilities").path("drop").get(0).asText());
    assertFalse(c.path("resources").path("requests").path("memory").asText().isEmpty());
    assertFalse(c.path("resources").path("limits").path("memory").asText().isEmpty());
  }

  @Test
  void rbacBindsTheServiceAccountToLeastPrivileges() {
    JsonNode sa = one("ServiceAccount").path("metadata");
    JsonNode binding = one("ClusterRoleBinding");
    JsonNode role = one("ClusterRole");
    assertEquals(
        role.path("metadata").path("name").asText(), binding.path("roleRef").path("name").asText());
    assertEquals("ClusterRole", binding.path("roleRef").path("kind").asText());
    JsonNode subject = binding.path("subjects").get(0);
    assertEquals("ServiceAccount", subject.path("kind").asText());
    assertEquals(sa.path("name").asText(), subject.path("name").asText());
    assertEquals(sa.path("namespace").asText(), subject.path("namespace").asText());

    Map<String, Set<String>> verbs = new HashMap<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode g : rule.path("apiGroups")) {
        for (JsonNode r : rule.path("resources")) {
          Set<String> v =
              verbs.computeIfAbsent(r.asText() + "." + g.asText(), k -> new HashSet<>());
          rule.path("verbs").forEach(x -> v.add(x.asText()));
        }
      }
    }
    verbs.forEach(
        (res, v) -> {
          assertFalse(res.contains("*"), "no wildcard resources: " + res);
          assertTrue(
              Set.of("get", "update", "patch").containsAll(v),
              res + " verbs " + v + " beyond get/update/patch");
        });
    assertEquals(Set.of("get"), verbs.get("deployments.apps"));
    assertEquals(Set.of("get"), verbs.get("statefulsets.apps"));
    assertEquals(Set.of("get", "update"), verbs.get("deployments/scale.apps"));
    assertEquals(Set.of("get", "update"), verbs.get("statefulsets/scale.apps"));
    assertEquals(Set.of("get", "patch"), verbs.get("revisions.serving.knative.dev"));
    assertEquals(
        null,
        verbs.get("podautoscalers.autoscaling.internal.knative.dev"),
        "PodAutoscaler access is optional (components/knative-podautoscaler), not in the base");
    assertEquals(Set.of("get"), verbs.get("services.serving.knative.dev"));
  }

  @Test
  void configMapPolicyActsOnNothingUntilTheOperatorOptsIn() throws Exception {
    String text = one("ConfigMap").path("data").path("policy.yaml").asText();
    Policy policy = PolicyLoader.standard().parse(text, "configmap.yaml");
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    for (String f : List.of("shop/checkout", "media/resize", "other/anything")) {
      assertEquals(
          "dry-run",
          policy.resolve(FunctionKey.of(f), Map.of(), at).adapter().name(),
          f + " is bound to dry-run out of the box");
    }
    JsonNode rules = YAML.readTree(text).path("policies");
    assertTrue(rules.size() >= 2, "example rules: " + rules);
    Policy acting = DeployRbacTest.optedIn(text);
    assertEquals(
        "kubernetes",
        acting.resolve(FunctionKey.of("shop/checkout"), Map.of(), at).adapter().name());
    assertEquals(
        "knative", acting.resolve(FunctionKey.of("media/resize"), Map.of(), at).adapter().name());
    assertEquals(
        "dry-run",
        acting.resolve(FunctionKey.of("other/anything"), Map.of(), at).adapter().name(),
        "the defaults stay dry-run after opting in the example rules");
  }

  @Test
  void configMapPolicyPassesPolicyValidate() throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, one("ConfigMap").path("data").path("policy.yaml").asText());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = PrescaleCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertEquals(0, cl.execute("policy", "validate", policy.toString()), err.toString());
    assertTrue(out.toString().contains(": OK"), out.toString());
  }
}
