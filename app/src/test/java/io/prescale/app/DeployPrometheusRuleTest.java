package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules ship twice: deploy/prometheus/prescale-rules.yaml for a plain Prometheus and
 * the PrometheusRule of deploy/kubernetes/components/prometheusrule for the Prometheus Operator.
 * Their groups must be equal (deploy/check-rules.sh generates the second from the first; promtool
 * checks and unit-tests the rules themselves), and every alert names a severity and a summary.
 */
class DeployPrometheusRuleTest {
  static final Path RULES =
      DeployManifestsTest.DEPLOY.resolve("../prometheus/prescale-rules.yaml").normalize();
  static final Path COMPONENT = DeployManifestsTest.DEPLOY.resolve("components/prometheusrule");

  static JsonNode rulesFileGroups() throws Exception {
    JsonNode groups = DeployManifestsTest.YAML.readTree(RULES.toFile()).path("groups");
    assertTrue(groups.isArray() && !groups.isEmpty(), RULES + " has no groups");
    return groups;
  }

  @Test
  void prometheusRuleHoldsExactlyTheRulesFilesGroups() throws Exception {
    JsonNode k =
        DeployManifestsTest.YAML.readTree(COMPONENT.resolve("kustomization.yaml").toFile());
    assertEquals("Component", k.path("kind").asText());
    List<JsonNode> docs =
        DeployObjectsTest.docs(COMPONENT.resolve(k.path("resources").get(0).asText()));
    assertEquals(1, docs.size());
    JsonNode rule = docs.get(0);
    assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
    assertEquals("PrometheusRule", rule.path("kind").asText());
    assertEquals("prescale", rule.path("metadata").path("namespace").asText());
    assertEquals(
        rulesFileGroups(),
        rule.path("spec").path("groups"),
        "components/prometheusrule differs from deploy/prometheus/prescale-rules.yaml: bash deploy/check-rules.sh --write");
  }

  @Test
  void everyAlertIsUniqueWithSeveritySummaryAndTheSeriesPrescaleExports() throws Exception {
    Set<String> names = new HashSet<>();
    int alerts = 0;
    for (JsonNode g : rulesFileGroups()) {
      for (JsonNode r : g.path("rules")) {
        String name = r.path("alert").asText();
        assertFalse(name.isEmpty(), "only alerting rules: " + r);
        assertTrue(names.add(name), name + " twice");
        assertTrue(
            Set.of("warning", "critical").contains(r.path("labels").path("severity").asText()),
            name + " severity");
        assertFalse(r.path("annotations").path("summary").asText().isEmpty(), name + " summary");
        assertFalse(
            r.path("annotations").path("description").asText().isEmpty(), name + " description");
        assertTrue(
            r.path("expr").asText().contains("prescale_")
                || r.path("expr").asText().contains("up{job=\"prescale\"}"),
            name + " watches Prescale: " + r.path("expr"));
        alerts++;
      }
    }
    for (String required :
        List.of(
            "PrescaleScrapeDown",
            "PrescaleIngestQueueNearFull",
            "PrescaleOtlpRefusalsRising",
            "PrescaleAutoscalerTickOverPeriod",
            "PrescaleSnapshotFailing",
            "PrescaleSnapshotStale",
            "PrescalePolicyReloadFailing",
            "PrescaleAdapterFailures",
            "PrescaleAdapterTargetLimit")) {
      assertTrue(names.contains(required), "missing alert " + required + " in " + names);
    }
    assertEquals(names.size(), alerts);
  }
}
