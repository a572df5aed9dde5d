package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.prescale.adapter.knative.KnativeProvider;
import io.prescale.adapter.kubernetes.KubernetesProvider;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ClusterRole in deploy/kubernetes/rbac.yaml, with components/knative-podautoscaler's rule,
 * grants exactly what the shipped adapters call: the kubernetes and knative adapters apply and read
 * the ConfigMap policy's own bindings, opted in as its comments say (plus a StatefulSet), against
 * fabric8's mock API server, every request is recorded and turned into the RBAC (verb, resource,
 * API group) the API server would authorize, and that set must equal the role's rules: nothing used
 * is missing, nothing granted is unused. Without the component, the base role grants exactly the
 * calls other than the PodAutoscaler ones (which the knative adapter tolerates failing).
 */
@EnableKubernetesMockClient(crud = true)
class DeployRbacTest {
  static final Path DEPLOY = DeployManifestsTest.DEPLOY;
  static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  static KubernetesMockServer server;
  static KubernetesClient mockClient;

  static final Pattern OPT_IN = Pattern.compile("name: dry-run(.*)# opt in: name: ([a-z-]+)");

  /** The ConfigMap's policy with every "# opt in: name: X" rule switched from dry-run to X. */
  static Policy optedIn(String text) throws Exception {
    Matcher m = OPT_IN.matcher(text);
    StringBuilder out = new StringBuilder();
    int n = 0;
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement("name: " + m.group(2) + m.group(1)));
      n++;
    }
    m.appendTail(out);
    assertTrue(n >= 2, "the ConfigMap policy has no '# opt in: name: ADAPTER' rules");
    return PolicyLoader.standard()
        .parse(out.toString(), "deploy/kubernetes/configmap.yaml policy.yaml, opted in");
  }

  @Test
  void clusterRoleIsExactlyWhatTheAdaptersCall() throws Exception {
    Set<String> base = granted(DEPLOY.resolve("rbac.yaml"));
    Set<String> component = componentRules();
    assertTrue(
        component.stream()
            .allMatch(r -> r.endsWith(" podautoscalers.autoscaling.internal.knative.dev")),
        "" + component);
    assertTrue(Collections.disjoint(base, component), "the base role already grants " + component);
    Set<String> granted = new TreeSet<>(base);
    granted.addAll(component);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(mockClient.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    try (client) {
      Policy policy = configMapPolicy();
      AdapterBinding deployment =
          policy.resolve(FunctionKey.of("shop/checkout"), Map.of(), AT).adapter();
      AdapterBinding knative =
          policy.resolve(FunctionKey.of("media/resize"), Map.of(), AT).adapter();
      assertEquals(
          "kubernetes",
          deployment.name(),
          "the ConfigMap policy binds shop/checkout to the kubernetes adapter");
      assertEquals(
          "knative", knative.name(), "the ConfigMap policy binds media/* to the knative adapter");
      AdapterBinding statefulSet =
          new AdapterBinding("kubernetes", Map.of("namespace", "shop", "statefulset", "db"));
      createObjects(client, deployment.target(), knative.target());
      drain();

      try (ScalingAdapter kube = KubernetesProvider.over(client);
          ScalingAdapter kn = KnativeProvider.over(client)) {
        for (AdapterBinding b : List.of(deployment, statefulSet, knative)) {
          ScalingAdapter adapter = b.name().equals("knative") ? kn : kube;
          Target target = Target.of(b.name(), b.target());
          assertEquals(List.of(), adapter.validate(target), "the adapter rejects binding " + b);
          ApplyOutcome o =
              adapter.apply(target, desired(3)).toCompletableFuture().get(30, TimeUnit.SECONDS);
          assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), b + ": " + o);
          adapter.read(target).toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    }
    Set<String> used = new TreeSet<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(200, TimeUnit.MILLISECONDS)) {
      used.add(authorized(r.getMethod(), r.getPath()));
    }
    assertTrue(used.size() >= 7, "the adapters made too few calls to say anything: " + used);
    assertEquals(
        granted,
        used,
        "rbac.yaml's ClusterRole + components/knative-podautoscaler (left) against the calls"
            + " the adapters make (right)");
    Set<String> withoutPodAutoscalers = new TreeSet<>(used);
    withoutPodAutoscalers.removeIf(
        r -> r.endsWith(" podautoscalers.autoscaling.internal.knative.dev"));
    assertEquals(
        base,
        withoutPodAutoscalers,
        "rbac.yaml alone against the calls other than the PodAutoscaler ones");
  }

  /** "verb resource.group" for each rule the knative-podautoscaler component's JSON patch adds. */
  private static Set<String> componentRules() throws Exception {
    Path dir = DEPLOY.resolve("components/knative-podautoscaler");
    var k = DeployManifestsTest.YAML.readTree(dir.resolve("kustomization.yaml").toFile());
    Set<String> rules = new TreeSet<>();
    for (var patch : k.path("patches")) {
      assertEquals("ClusterRole", patch.path("target").path("kind").asText());
      for (var op :
          DeployManifestsTest.YAML.readTree(dir.resolve(patch.path("path").asText()).toFile())) {
        assertEquals("add", op.path("op").asText());
        assertEquals("/rules/-", op.path("path").asText());
        for (var g : op.path("value").path("apiGroups")) {
          for (var r : op.path("value").path("resources")) {
            for (var v : op.path("value").path("verbs")) {
              rules.add(v.asText() + " " + r.asText() + "." + g.asText());
            }
          }
        }
      }
    }
    assertTrue(!rules.isEmpty(), "no rules in " + dir);
    return rules;
  }

  private static Policy configMapPolicy() throws Exception {
    String text =
        DeployManifestsTest.YAML
            .readTree(DEPLOY.resolve("configmap.yaml").toFile())
            .path("data")
            .path("policy.yaml")
            .asText();
    return optedIn(text);
  }

  /**
   * "verb resource.group" for every rule of the ClusterRole, from the manifest parsed by fabric8.
   */
  static Set<String> granted(Path file) throws Exception {
    Set<String> granted = new TreeSet<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (HasMetadata o : mockClient.load(in).items()) {
        if (o instanceof ClusterRole role) {
          for (PolicyRule rule : role.getRules()) {
            assertTrue(
                rule.getResourceNames().isEmpty() && rule.getNonResourceURLs().isEmpty(),
                "rule " + rule);
            for (String g : rule.getApiGroups()) {
              for (String res : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                  granted.add(verb + " " + res + "." + g);
                }
              }
            }
          }
        }
      }
    }
    assertTrue(!granted.isEmpty(), "no ClusterRole rules in rbac.yaml");
    return granted;
  }

  /** The RBAC request attributes of an API call, as the API server derives them. */
  static String authorized(String method, String pathAndQuery) {
    String path = pathAndQuery.split("\\?", 2)[0];
    boolean watch = pathAndQuery.contains("watch=true");
    String[] p = path.substring(1).split("/");
    int i;
    String group;
    if (p[0].equals("api")) {
      group = "";
      i = 2;
    } else {
      assertEquals("apis", p[0], "API path " + path);
      group = p[1];
      i = 3;
    }
    if (i < p.length && p[i].equals("namespaces") && i + 2 < p.length) {
      i += 2;
    }
    String resource = p[i];
    boolean named = i + 1 < p.length;
    if (i + 2 < p.length) {
      resource += "/" + p[i + 2];
    }
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : named ? "get" : "list";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "POST" -> "create";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> throw new AssertionError("unexpected method " + method + " " + path);
        };
    return verb + " " + resource + "." + group;
  }

  private static DesiredState desired(int n) {
    FunctionKey f = FunctionKey.of("shop/checkout");
    return new DesiredState(
        f, n, 1, ScaleDecision.of(f, EpochNanos.of(AT), n, "test", "wants " + n, Map.of()));
  }

  private static void drain() throws InterruptedException {
    while (server.takeRequest(200, TimeUnit.MILLISECONDS) != null) {
      // setup calls are not the adapters'
    }
  }

  private static void createObjects(
      KubernetesClient client, Map<String, String> deployment, Map<String, String> knative) {
    String ns = deployment.get("namespace");
    var template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .addToLabels("app", "x")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("app:1")
            .endContainer()
            .endSpec()
            .build();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(deployment.get("deployment"))
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "x")
                .endSelector()
                .withTemplate(template)
                .endSpec()
                .build())
        .create();
    client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "x")
                .endSelector()
                .withTemplate(template)
                .endSpec()
                .build())
        .create();

    String kns = knative.get("namespace");
    String service = knative.get("service");
    assertNotNull(service, "the ConfigMap's knative binding names a service: " + knative);
    GenericKubernetesResource svc = generic("serving.knative.dev/v1", "Service", service, kns);
    svc.setAdditionalProperty("status", Map.of("latestReadyRevisionName", service + "-00001"));
    client
        .genericKubernetesResources(context("serving.knative.dev", "v1", "Service", "services"))
        .inNamespace(kns)
        .resource(svc)
        .create();
    GenericKubernetesResource rev =
        generic("serving.knative.dev/v1", "Revision", service + "-00001", kns);
    rev.setAdditionalProperty("status", Map.of("actualReplicas", 1));
    client
        .genericKubernetesResources(context("serving.knative.dev", "v1", "Revision", "revisions"))
        .inNamespace(kns)
        .resource(rev)
        .create();
    client
        .genericKubernetesResources(
            context(
                "autoscaling.internal.knative.dev", "v1alpha1", "PodAutoscaler", "podautoscalers"))
        .inNamespace(kns)
        .resource(
            generic(
                "autoscaling.internal.knative.dev/v1alpha1",
                "PodAutoscaler",
                service + "-00001",
                kns))
        .create();
  }

  private static GenericKubernetesResource generic(
      String apiVersion, String kind, String name, String ns) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .build();
  }

  private static ResourceDefinitionContext context(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
