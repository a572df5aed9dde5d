package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * deploy/kubernetes as the API server would take it: every manifest unmarshals with fabric8 into
 * the typed class registered for its apiVersion and kind, with no field the model does not know (a
 * misspelt 'readinesProbe' would otherwise be dropped silently), and the Deployment agrees with the
 * image (app/pom.xml's Jib ports and user) and the Service. Each optional component under
 * components/ (tokens, tls, servicemonitor) is applied as kustomize would (its RFC 6902 patches)
 * alone and all together, and the result must still be a valid Deployment whose file options point
 * into read-only Secret mounts holding those files.
 */
class DeployObjectsTest {
  static final Path DEPLOY = DeployManifestsTest.DEPLOY;
  static final Path COMPONENTS = DEPLOY.resolve("components");
  static final KubernetesSerialization K8S = new KubernetesSerialization();
  static final ObjectMapper JSON2 = new ObjectMapper();
  static final tools.jackson.databind.ObjectMapper JSON3 =
      new tools.jackson.databind.ObjectMapper();
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
          "ConfigMap",
          "v1",
          "Deployment",
          "apps/v1",
          "Service",
          "v1");

  @Test
  void everyManifestIsATypedObjectOfAKnownVersionWithNoUnknownField() throws IOException {
    Map<String, String> found = new LinkedHashMap<>();
    for (Path f : yamlFiles(DEPLOY)) {
      for (JsonNode doc : docs(f)) {
        if (!doc.path("kind").asText().equals("Kustomization")) {
          HasMetadata o = typed(doc, f);
          assertNull(
              found.put(o.getKind(), o.getApiVersion()), "a second " + o.getKind() + " in " + f);
        }
      }
    }
    assertEquals(KINDS, found);
  }

  @Test
  void deploymentIsHardenedAndMatchesTheImage() throws Exception {
    Deployment d = deployment();
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    String[] imageUser = pomValues("configuration/container/user").get(0).split(":");
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), "pod runAsNonRoot");
    assertEquals(
        Long.valueOf(imageUser[0]),
        pod.getSecurityContext().getRunAsUser(),
        "pod runAsUser = the image's user");
    assertEquals(
        Long.valueOf(imageUser[1]),
        pod.getSecurityContext().getRunAsGroup(),
        "pod runAsGroup = the image's group");
    assertEquals(65532L, pod.getSecurityContext().getRunAsUser());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    assertEquals(
        Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
    assertEquals(
        Boolean.FALSE,
        c.getSecurityContext().getAllowPrivilegeEscalation(),
        "allowPrivilegeEscalation");
    assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
    Volume tmp = volumeMountedAt(pod, c, "/tmp");
    assertNotNull(
        tmp.getEmptyDir(), "/tmp is an emptyDir (the root filesystem is read-only): " + tmp);
    assertNotNull(tmp.getEmptyDir().getSizeLimit(), "the /tmp emptyDir has a sizeLimit");
    for (String r : List.of("cpu", "memory")) {
      assertNotNull(c.getResources().getRequests().get(r), "resources.requests." + r);
    }
    assertNotNull(c.getResources().getLimits().get("memory"), "resources.limits.memory");
    assertProbes(c, "HTTP");
    List<String> args = c.getArgs();
    assertTrue(args.contains("--data-dir"), "the Deployment keeps state: --data-dir in " + args);
    String dataDir = args.get(args.indexOf("--data-dir") + 1);
    Volume data = volumeMountedAt(pod, c, dataDir);
    assertTrue(
        data.getEmptyDir() != null || data.getPersistentVolumeClaim() != null,
        "--data-dir " + dataDir + " is an emptyDir or a PersistentVolumeClaim: " + data);
    assertTrue(
        c.getVolumeMounts().stream()
            .noneMatch(
                m -> m.getMountPath().equals(dataDir) && Boolean.TRUE.equals(m.getReadOnly())),
        "--data-dir is writable");
    assertTrue(
        pod.getTerminationGracePeriodSeconds() != null
            && pod.getTerminationGracePeriodSeconds() >= 30,
        "time for the final snapshot after SIGTERM: terminationGracePeriodSeconds "
            + pod.getTerminationGracePeriodSeconds());

    Set<Integer> container =
        c.getPorts().stream()
            .map(ContainerPort::getContainerPort)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<Integer> image =
        pomValues("configuration/container/ports/port").stream()
            .map(Integer::valueOf)
            .collect(Collectors.toCollection(TreeSet::new));
    Service svc = (Service) objects(DEPLOY.resolve("service.yaml")).get(0);
    Set<Integer> service =
        svc.getSpec().getPorts().stream()
            .map(p -> p.getPort())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        image,
        container,
        "the Deployment's container ports against the image's (app/pom.xml, Jib <ports>)");
    assertEquals(container, service, "the Service's ports against the Deployment's");
    assertTrue(
        container.containsAll(Set.of(4317, 4318, 8080)),
        "OTLP gRPC, OTLP HTTP and API ports: " + container);
  }

  /**
   * The components that patch the Deployment (kafka turns it into a StatefulSet; the others patch
   * either); the others add objects or patch RBAC.
   */
  static final List<String> DEPLOYMENT_COMPONENTS =
      List.of("kafka", "servicemonitor", "tls", "tokens");

  /** Components that need others listed before them (check-kustomize.sh renders them so). */
  static final Map<String, List<String>> NEEDS = Map.of("kafka-strimzi-topics", List.of("kafka"));

  @Test
  void everyComponentAloneAndAllTogetherGiveAValidDeployment() throws Exception {
    List<String> names = componentNames();
    assertEquals(
        List.of(
            "kafka",
            "kafka-strimzi-topics",
            "knative-podautoscaler",
            "namespaced-rbac",
            "networkpolicy",
            "pdb",
            "prometheus-sources",
            "prometheusrule",
            "servicemonitor",
            "tls",
            "tokens"),
        names,
        "components under " + COMPONENTS);
    for (String name : names) {
      boolean patchesDeployment = false;
      for (JsonNode patch :
          docs(COMPONENTS.resolve(name).resolve("kustomization.yaml")).get(0).path("patches")) {
        patchesDeployment |= targets(patch, "Deployment");
      }
      assertEquals(
          DEPLOYMENT_COMPONENTS.contains(name),
          patchesDeployment,
          name + " patches the Deployment");
    }
    for (String name : DEPLOYMENT_COMPONENTS) {
      validate(applyComponents(List.of(name)), "component " + name);
    }
    Deployment all = (Deployment) applyComponents(List.of("tokens", "tls", "servicemonitor"));
    validate(all, "components tokens + tls + servicemonitor");
    List<String> args = all.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
    for (String option :
        List.of("--ingest-token-file", "--admin-token-file", "--tls-cert", "--tls-key")) {
      assertTrue(args.contains(option), option + " with every component: " + args);
    }
    assertEquals(
        "false",
        all.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/scrape"),
        "with the ServiceMonitor, annotation-based scraping (without the token) is off");
    PodTemplateSpec tls = template(applyComponents(List.of("tls")));
    assertEquals("https", tls.getMetadata().getAnnotations().get("prometheus.io/scheme"));
    assertEquals(
        "https", DeployClusterTest.env(tls, "API_SCHEME").getValue(), "the API's scheme with tls");
    assertEquals(
        "http",
        DeployClusterTest.env(template(deployment()), "API_SCHEME").getValue(),
        "without tls");
  }

  /** Whether a kustomize patch's target selects the kind (kustomize anchors the regex). */
  static boolean targets(JsonNode patch, String kind) {
    String k = patch.path("target").path("kind").asText();
    return !k.isEmpty() && Pattern.matches(k, kind);
  }

  static PodTemplateSpec template(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (workload instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    throw new AssertionError("not a Deployment or StatefulSet: " + workload.getKind());
  }

  @Test
  void serviceMonitorScrapesTheApiPortWithTheAdminToken() throws Exception {
    List<JsonNode> resources = new ArrayList<>();
    for (JsonNode r :
        docs(COMPONENTS.resolve("servicemonitor/kustomization.yaml")).get(0).path("resources")) {
      resources.addAll(docs(COMPONENTS.resolve("servicemonitor").resolve(r.asText())));
    }
    assertEquals(1, resources.size(), "one ServiceMonitor");
    JsonNode sm = resources.get(0);
    assertEquals("monitoring.coreos.com/v1", sm.path("apiVersion").asText());
    assertEquals("ServiceMonitor", sm.path("kind").asText());
    Service svc = (Service) objects(DEPLOY.resolve("service.yaml")).get(0);
    assertEquals(svc.getMetadata().getNamespace(), sm.path("metadata").path("namespace").asText());
    sm.path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            e ->
                assertEquals(
                    e.getValue().asText(),
                    svc.getMetadata().getLabels().get(e.getKey()),
                    "selector " + e.getKey()));
    JsonNode endpoint = sm.path("spec").path("endpoints").get(0);
    assertTrue(
        svc.getSpec().getPorts().stream()
            .anyMatch(
                p -> p.getName().equals(endpoint.path("port").asText()) && p.getPort() == 8080),
        "endpoint port " + endpoint.path("port") + " is the Service's API port");
    assertEquals("/metrics", endpoint.path("path").asText());
    assertEquals("Bearer", endpoint.path("authorization").path("type").asText());

    // The credentials are the Secret key the tokens component mounts as --admin-token-file.
    PodSpec pod = template(applyComponents(List.of("tokens"))).getSpec();
    Container c = pod.getContainers().get(0);
    String adminFile = c.getArgs().get(c.getArgs().indexOf("--admin-token-file") + 1);
    Volume secret = volumeMountedAt(pod, c, Path.of(adminFile).getParent().toString());
    JsonNode credentials = endpoint.path("authorization").path("credentials");
    assertEquals(secret.getSecret().getSecretName(), credentials.path("name").asText());
    String fileName = Path.of(adminFile).getFileName().toString();
    assertTrue(
        secret.getSecret().getItems().stream()
            .anyMatch(
                i ->
                    i.getKey().equals(credentials.path("key").asText())
                        && i.getPath().equals(fileName)),
        "Secret key " + credentials.path("key") + " is the file " + adminFile);
  }

  /**
   * Options of `prescale run`, file options inside read-only Secret mounts holding the file,
   * probes.
   */
  static void validate(HasMetadata d, String what) {
    assertNoUnknownFields(d, what);
    PodSpec pod = template(d).getSpec();
    Container c = pod.getContainers().get(0);
    Set<String> volumes = new TreeSet<>();
    for (Volume v : pod.getVolumes()) {
      assertTrue(volumes.add(v.getName()), what + ": volume " + v.getName() + " twice");
    }
    for (VolumeMount m : c.getVolumeMounts()) {
      assertTrue(
          volumes.contains(m.getName()),
          what + ": mount " + m.getMountPath() + " of unknown volume " + m.getName());
    }
    CommandLine run = PrescaleCommand.commandLine().getSubcommands().get("run");
    List<String> args = c.getArgs();
    assertEquals("run", args.get(0), what);
    for (int i = 1; i < args.size(); i++) {
      OptionSpec o = run.getCommandSpec().findOption(args.get(i));
      assertNotNull(o, what + ": prescale run has no option " + args.get(i) + " in " + args);
      if (o.arity().max() == 0) {
        continue;
      }
      String value = args.get(++i);
      if (o.typeInfo().getType() == Path.class
          && !o.longestName().equals("--config")
          && !o.longestName().equals("--data-dir")) {
        Volume v = volumeMountedAt(pod, c, Path.of(value).getParent().toString());
        assertNotNull(
            v.getSecret(),
            what + ": " + o.longestName() + " " + value + " is not in a Secret volume");
        String file = Path.of(value).getFileName().toString();
        assertTrue(
            v.getSecret().getItems().stream().anyMatch(it -> it.getPath().equals(file)),
            what + ": Secret " + v.getSecret().getSecretName() + " does not project " + file);
      }
    }
    assertProbes(c, args.contains("--tls-cert") ? "HTTPS" : "HTTP");
  }

  static void assertProbes(Container c, String scheme) {
    Map<String, Probe> probes =
        Map.of(
            "/healthz startupProbe",
            c.getStartupProbe(),
            "/healthz livenessProbe",
            c.getLivenessProbe(),
            "/readyz readinessProbe",
            c.getReadinessProbe());
    probes.forEach(
        (what, p) -> {
          assertNotNull(p, what);
          assertEquals(what.split(" ")[0], p.getHttpGet().getPath(), what);
          assertEquals("http", p.getHttpGet().getPort().getStrVal(), what + " on the API port");
          assertEquals(
              scheme,
              p.getHttpGet().getScheme() == null ? "HTTP" : p.getHttpGet().getScheme(),
              what + " scheme");
        });
  }

  /** The volume mounted (read-only unless it is /tmp or the data directory) exactly at the path. */
  static Volume volumeMountedAt(PodSpec pod, Container c, String path) {
    VolumeMount m =
        c.getVolumeMounts().stream()
            .filter(x -> x.getMountPath().equals(path))
            .findFirst()
            .orElseGet(() -> fail("nothing mounted at " + path + ": " + c.getVolumeMounts()));
    Volume v =
        pod.getVolumes().stream()
            .filter(x -> x.getName().equals(m.getName()))
            .findFirst()
            .orElseGet(() -> fail("no volume " + m.getName()));
    if (v.getSecret() != null || v.getConfigMap() != null) {
      assertEquals(
          Boolean.TRUE, m.getReadOnly(), "mount " + path + " of " + v.getName() + " is read-only");
    }
    return v;
  }

  /**
   * The base Deployment with the components' RFC 6902 patches on it applied in this order, as
   * kustomize does: a Deployment, or the StatefulSet components/kafka makes of it (patches on other
   * kinds are left out).
   */
  static HasMetadata applyComponents(List<String> names) throws IOException {
    Deployment base = deployment();
    tools.jackson.databind.JsonNode tree = JSON3.readTree(K8S.asJson(base));
    for (String name : names) {
      JsonNode k = docs(COMPONENTS.resolve(name).resolve("kustomization.yaml")).get(0);
      assertEquals("kustomize.config.k8s.io/v1alpha1", k.path("apiVersion").asText(), name);
      assertEquals("Component", k.path("kind").asText(), name);
      for (JsonNode patch : k.path("patches")) {
        String kind = tree.path("kind").asString();
        if (!targets(patch, kind)) {
          assertFalse(
              targets(patch, "Deployment") || targets(patch, "StatefulSet"),
              name + ": a patch for the Deployment or StatefulSet that misses the " + kind);
          continue;
        }
        assertEquals(
            base.getMetadata().getName(),
            patch.path("target").path("name").asText(),
            name + " patch target");
        Path file = COMPONENTS.resolve(name).resolve(patch.path("path").asText());
        JsonNode ops = DeployManifestsTest.YAML.readTree(file.toFile());
        assertTrue(
            ops.isArray() && !ops.isEmpty(), file + " is a JSON patch (a list of operations)");
        try {
          tree = JsonPatch.apply(JSON3.readTree(JSON2.writeValueAsString(ops)), tree);
        } catch (RuntimeException e) {
          throw new AssertionError(
              file + " does not apply to deployment.yaml: " + e.getMessage(), e);
        }
        assertTrue(
            kind.equals(tree.path("kind").asString())
                || patch.path("options").path("allowKindChange").asBoolean(),
            file + " changes the kind without allowKindChange");
      }
    }
    String json = JSON3.writeValueAsString(tree);
    return switch (tree.path("kind").asString()) {
      case "Deployment" -> K8S.unmarshal(json, Deployment.class);
      case "StatefulSet" -> K8S.unmarshal(json, StatefulSet.class);
      default -> throw new AssertionError("the components make a " + tree.path("kind"));
    };
  }

  static List<String> componentNames() throws IOException {
    try (Stream<Path> dirs = Files.list(COMPONENTS)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static Deployment deployment() throws IOException {
    return (Deployment) objects(DEPLOY.resolve("deployment.yaml")).get(0);
  }

  static List<HasMetadata> objects(Path file) throws IOException {
    List<HasMetadata> out = new ArrayList<>();
    for (JsonNode doc : docs(file)) {
      out.add(typed(doc, file));
    }
    return out;
  }

  static HasMetadata typed(JsonNode doc, Path file) throws IOException {
    return typed(doc, file, KINDS);
  }

  /** The object as fabric8's typed class of its kind, whose apiVersion must be kinds' for it. */
  static HasMetadata typed(JsonNode doc, Path file, Map<String, String> kinds) throws IOException {
    String apiVersion = doc.path("apiVersion").asText();
    String kind = doc.path("kind").asText();
    Class<?> type = K8S.getRegisteredKubernetesResource(apiVersion, kind);
    assertNotNull(type, file + ": no Kubernetes type " + kind + " in " + apiVersion);
    assertEquals(kinds.get(kind), apiVersion, file + ": " + kind + " apiVersion");
    Object o = K8S.unmarshal(JSON2.writeValueAsString(doc), type);
    assertTrue(o instanceof HasMetadata, file + ": " + kind + " unmarshals to " + o.getClass());
    assertNoUnknownFields(o, file.getFileName() + " " + kind);
    return (HasMetadata) o;
  }

  static List<JsonNode> docs(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        DeployManifestsTest.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          out.add(doc);
        }
      }
    }
    return out;
  }

  static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /** Values of the jib-maven-plugin's configuration in app/pom.xml (the image profile). */
  static List<String> pomValues(String xpath) throws Exception {
    var doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(DEPLOY.resolve("../../app/pom.xml").normalize().toFile());
    NodeList nodes =
        (NodeList)
            XPathFactory.newInstance()
                .newXPath()
                .evaluate(
                    "//plugin[artifactId='jib-maven-plugin']/" + xpath,
                    doc,
                    XPathConstants.NODESET);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().trim());
    }
    assertFalse(values.isEmpty(), "app/pom.xml: no jib-maven-plugin " + xpath);
    return values;
  }

  /** fabric8 keeps fields its model does not know in additionalProperties: there must be none. */
  static void assertNoUnknownFields(Object root, String where) {
    walk(root, where, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static void walk(Object o, String where, Set<Object> seen) {
    if (o == null
        || o instanceof String
        || o instanceof Number
        || o instanceof Boolean
        || !seen.add(o)) {
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> walk(v, where + "." + k, seen));
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        walk(e, where + "[" + i++ + "]", seen);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0
          || Modifier.isStatic(m.getModifiers())
          || !m.getName().startsWith("get")
          || m.getName().equals("getClass")
          || !m.getDeclaringClass().getName().startsWith("io.fabric8")) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(o);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      if (m.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          fail(where + ": fields unknown to the Kubernetes model: " + extra.keySet());
        }
        continue;
      }
      String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
      walk(value, where + "." + field, seen);
    }
  }
}
