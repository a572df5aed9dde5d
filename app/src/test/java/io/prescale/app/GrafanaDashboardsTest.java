package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The structural half of {@code grafana/check-dashboards.sh}, in the test suite: every dashboard is
 * valid JSON with a unique uid and unique panel ids, every panel and query uses the {@code
 * datasource} variable, {@code $function} comes from the documented variable; the provisioning
 * files parse. (Whether every query has data is proven against a real Prometheus by the script.)
 */
class GrafanaDashboardsTest {
  static final Path GRAFANA =
      Path.of(System.getProperty("user.dir")).resolve("../grafana").normalize();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DATASOURCE = "${datasource}";

  static List<Path> dashboards() throws IOException {
    try (Stream<Path> s = Files.list(GRAFANA.resolve("dashboards"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  static void panels(JsonNode list, List<JsonNode> out) {
    for (JsonNode p : list) {
      if ("row".equals(p.path("type").asText())) {
        panels(p.path("panels"), out);
      } else {
        out.add(p);
      }
    }
  }

  @Test
  void everyDashboardIsOnTheDatasourceVariableWithUniqueIds() throws IOException {
    List<Path> files = dashboards();
    assertEquals(4, files.size(), "fleet, function, autoscaler, collector: " + files);
    Set<String> uids = new HashSet<>();
    for (Path f : files) {
      JsonNode d = JSON.readTree(f.toFile());
      assertTrue(uids.add(d.path("uid").asText()), f + ": uid " + d.path("uid") + " repeated");
      assertTrue(d.path("schemaVersion").asInt() >= 36, f + ": schemaVersion");
      JsonNode vars = d.path("templating").path("list");
      JsonNode ds = null;
      JsonNode fn = null;
      for (JsonNode v : vars) {
        if (v.path("name").asText().equals("datasource")) {
          ds = v;
        }
        if (v.path("name").asText().equals("function")) {
          fn = v;
        }
      }
      assertTrue(
          ds != null
              && ds.path("type").asText().equals("datasource")
              && ds.path("query").asText().equals("prometheus"),
          f + ": datasource variable");
      List<JsonNode> panels = new ArrayList<>();
      panels(d.path("panels"), panels);
      assertFalse(panels.isEmpty(), f + ": no panels");
      Set<Integer> ids = new HashSet<>();
      boolean usesFunction = false;
      for (JsonNode p : panels) {
        String where = f.getFileName() + " panel " + p.path("id") + " " + p.path("title");
        assertTrue(ids.add(p.path("id").asInt()), where + ": id repeated");
        assertEquals(DATASOURCE, p.path("datasource").path("uid").asText(), where + ": datasource");
        assertFalse(p.path("targets").isEmpty(), where + ": no queries");
        for (JsonNode t : p.path("targets")) {
          assertEquals(
              DATASOURCE, t.path("datasource").path("uid").asText(), where + " " + t.path("refId"));
          String expr = t.path("expr").asText();
          assertTrue(expr.contains("prescale_"), where + ": not a Prescale series: " + expr);
          usesFunction |= expr.contains("$function");
        }
      }
      if (usesFunction) {
        assertTrue(
            fn != null
                && fn.path("definition")
                    .asText()
                    .equals("label_values(prescale_function_invocations_total, function)"),
            f + ": function variable");
        assertEquals(
            DATASOURCE,
            fn.path("datasource").path("uid").asText(),
            f + ": function variable datasource");
      }
    }
  }

  @Test
  void provisioningPointsAtPrometheusAndTheDashboards() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode ds = yaml.readTree(GRAFANA.resolve("provisioning/datasources/prescale.yaml").toFile());
    assertEquals("prometheus", ds.path("datasources").get(0).path("type").asText());
    JsonNode dash =
        yaml.readTree(GRAFANA.resolve("provisioning/dashboards/prescale.yaml").toFile());
    assertEquals("file", dash.path("providers").get(0).path("type").asText());
    assertFalse(dash.path("providers").get(0).path("options").path("path").asText().isEmpty());
    JsonNode prom = yaml.readTree(GRAFANA.resolve("prometheus.yml").toFile());
    assertEquals(
        "127.0.0.1:8080",
        prom.path("scrape_configs")
            .get(0)
            .path("static_configs")
            .get(0)
            .path("targets")
            .get(0)
            .asText(),
        "the default --http-port of prescale run/demo");
  }
}
