package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/components/kafka (cluster mode, docs/cluster.md) as DeployObjectsTest applies
 * components: the Deployment becomes a StatefulSet of several replicas with a stable, unique
 * --replica-id, advertised through the headless Service, its settings from the generated ConfigMap,
 * in any order with the other Deployment components. DeployRenderedTest checks the same on the real
 * kubectl kustomize's renders, with the ConfigMap's values and the Strimzi topics.
 */
class DeployClusterTest {
  /**
   * components/kafka, in either order with the other Deployment components: a StatefulSet of
   * several replicas whose identity (--replica-id) is the pod's name, stable across its restarts,
   * advertised at its DNS name in the headless Service the StatefulSet names; no --data-dir.
   */
  @Test
  void kafkaComponentGivesAStatefulSetOfStableReplicas() throws Exception {
    Path kafka = DeployObjectsTest.COMPONENTS.resolve("kafka");
    Service peers = (Service) DeployObjectsTest.objects(kafka.resolve("peers-service.yaml")).get(0);
    assertEquals("None", peers.getSpec().getClusterIP(), "prescale-peers is headless");
    assertEquals(Boolean.TRUE, peers.getSpec().getPublishNotReadyAddresses());
    Set<String> generated = new TreeSet<>();
    for (JsonNode g :
        DeployObjectsTest.docs(kafka.resolve("kustomization.yaml"))
            .get(0)
            .path("configMapGenerator")) {
      assertEquals("prescale-kafka", g.path("name").asText());
      g.path("literals").forEach(l -> generated.add(l.asText().split("=", 2)[0]));
    }
    assertEquals(Set.of("bootstrap", "topic-prefix", "partitions", "create-topics"), generated);
    List<List<String>> orders =
        List.of(
            List.of("kafka"),
            List.of("tokens", "tls", "servicemonitor", "kafka"),
            List.of("kafka", "tokens", "tls", "servicemonitor"));
    for (List<String> order : orders) {
      String what = "components " + order;
      HasMetadata w = DeployObjectsTest.applyComponents(order);
      assertTrue(w instanceof StatefulSet, what + ": a StatefulSet, not " + w.getKind());
      StatefulSet s = (StatefulSet) w;
      DeployObjectsTest.validate(s, what);
      assertEquals(3, s.getSpec().getReplicas(), what + ": replicas");
      assertEquals(peers.getMetadata().getName(), s.getSpec().getServiceName(), what);
      assertEquals("Parallel", s.getSpec().getPodManagementPolicy(), what);
      assertEquals("RollingUpdate", s.getSpec().getUpdateStrategy().getType(), what);
      Map<String, String> labels = s.getSpec().getTemplate().getMetadata().getLabels();
      s.getSpec()
          .getSelector()
          .getMatchLabels()
          .forEach((k, v) -> assertEquals(v, labels.get(k), what + ": selector " + k));
      peers
          .getSpec()
          .getSelector()
          .forEach((k, v) -> assertEquals(v, labels.get(k), what + ": prescale-peers " + k));
      Container c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
      List<String> args = c.getArgs();
      assertFalse(args.contains("--data-dir"), what + ": no --data-dir in cluster mode " + args);
      assertFalse(args.contains("--snapshot-interval"), what + ": " + args);
      assertTrue(
          c.getVolumeMounts().stream().noneMatch(m -> m.getName().equals("data")),
          what + ": no data volume");
      assertEquals("$(POD_NAME)", arg(args, "--replica-id"), what);
      assertEquals(
          "metadata.name",
          env(s.getSpec().getTemplate(), "POD_NAME").getValueFrom().getFieldRef().getFieldPath(),
          what + ": --replica-id is the pod's name");
      assertEquals(
          "$(API_SCHEME)://$(POD_NAME)."
              + peers.getMetadata().getName()
              + ".$(POD_NAMESPACE).svc:"
              + peers.getSpec().getPorts().get(0).getPort(),
          arg(args, "--advertised-url"),
          what);
      assertEquals("http", peers.getSpec().getPorts().get(0).getTargetPort().getStrVal());
      for (String[] o :
          List.of(
              new String[] {"--kafka-bootstrap", "bootstrap"},
              new String[] {"--kafka-topic-prefix", "topic-prefix"},
              new String[] {"--kafka-partitions", "partitions"},
              new String[] {"--kafka-create-topics", "create-topics"})) {
        String value = arg(args, o[0]);
        assertTrue(value.matches("\\$\\([A-Z_]+\\)"), what + ": " + o[0] + " " + value);
        EnvVar e = env(s.getSpec().getTemplate(), value.substring(2, value.length() - 1));
        assertEquals("prescale-kafka", e.getValueFrom().getConfigMapKeyRef().getName(), what);
        assertEquals(o[1], e.getValueFrom().getConfigMapKeyRef().getKey(), what + " " + o[0]);
      }
      assertEquals(
          order.contains("tls") ? "https" : "http",
          env(s.getSpec().getTemplate(), "API_SCHEME").getValue(),
          what + ": the advertised scheme");
      assertEquals(
          order.contains("tokens"), args.contains("--admin-token-file"), what + ": " + args);
      assertEquals(
          "kubernetes.io/hostname",
          s.getSpec()
              .getTemplate()
              .getSpec()
              .getTopologySpreadConstraints()
              .get(0)
              .getTopologyKey(),
          what + ": replicas spread over nodes");
    }
  }

  static String arg(List<String> args, String option) {
    int i = args.indexOf(option);
    assertTrue(i > 0 && i + 1 < args.size(), option + " with a value in " + args);
    assertEquals(i, args.lastIndexOf(option), option + " once in " + args);
    return args.get(i + 1);
  }

  static EnvVar env(PodTemplateSpec t, String name) {
    List<EnvVar> found =
        t.getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getName().equals(name))
            .toList();
    assertEquals(1, found.size(), "env " + name + " once: " + found);
    return found.get(0);
  }
}
