package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped examples are fixtures: each must load, and each must pass the published JSON Schema.
 */
class ExamplesTest {
  static final Path EXAMPLES =
      Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Instant AT = Instant.parse("2026-11-27T08:30:00Z");

  static Stream<Path> examples() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 4, "examples missing under " + EXAMPLES);
    return files.stream();
  }

  static Schema schema() throws IOException {
    try (InputStream in = Policy.class.getResourceAsStream("policy.schema.json")) {
      JsonNode node = new ObjectMapper().readTree(in);
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleLoads(Path file) throws PolicyException {
    Policy p = PolicyLoader.standard().load(file);
    assertEquals(file.toString(), p.file());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExamplePassesTheJsonSchema(Path file) throws IOException {
    List<Error> errors = schema().validate(YAML.readTree(file.toFile()));
    assertEquals(List.of(), errors.stream().map(Error::toString).toList(), file.toString());
  }

  @Test
  void theSchemaRejectsWhatTheLoaderRejects() throws IOException {
    Schema schema = schema();
    String base = Files.readString(EXAMPLES.resolve("shop.yaml"));
    for (String[] bad :
        new String[][] {
          {"  maxInstances: 100", "  maxInstnaces: 100"},
          {"targetUtilization: 0.7", "targetUtilization: 1.5"},
          {"grace: 30s", "grace: 30 seconds"},
          {"from: \"08:00\"", "from: \"8 am\""},
          {"name: kubernetes", "name: Kubernetes!"},
          {"  - name: batch\n", "  - nme: batch\n"}
        }) {
      assertTrue(base.contains(bad[0]), bad[0]);
      List<Error> errors = schema.validate(YAML.readTree(base.replace(bad[0], bad[1])));
      assertFalse(errors.isEmpty(), "schema accepted " + bad[1]);
    }
  }

  /**
   * As Knative tests its shipped config-autoscaler: the defaults example is exactly the built-in.
   */
  @Test
  void defaultsExampleIsExactlyTheBuiltInDefaults() throws PolicyException {
    Policy p = PolicyLoader.standard().load(EXAMPLES.resolve("defaults.yaml"));
    DeciderSpec spec = p.resolve(FunctionKey.of("any/function"), Map.of(), AT);
    assertEquals("defaults", spec.rule());
    assertEquals(DeciderSpec.defaults(), spec.toBuilder().rule("built-in").build());
    Explanation e = p.explain(FunctionKey.of("any/function"), Map.of(), AT);
    for (Explanation.Line l : e.settings()) {
      assertEquals(
          "defaults", l.source(), l.key() + " is not written out in examples/defaults.yaml");
    }
  }

  @Test
  void shopExampleDoesWhatItsCommentsSay() throws PolicyException {
    Policy p = PolicyLoader.standard().load(EXAMPLES.resolve("shop.yaml"));
    Map<String, String> shop = Map.of("k8s.namespace.name", "shop");
    // Friday 09:30 in Berlin: business hours
    assertEquals(5, p.resolve(FunctionKey.of("shop/checkout-api"), shop, AT).minInstances());
    // Friday 20:00 in Berlin: after hours
    assertEquals(
        2,
        p.resolve(FunctionKey.of("shop/checkout-api"), shop, Instant.parse("2026-11-27T19:00:00Z"))
            .minInstances());
    // no namespace label: the checkout rule does not apply
    assertEquals("defaults", p.resolve(FunctionKey.of("shop/checkout-api"), Map.of(), AT).rule());
    // the nightly batch window crosses midnight
    DeciderSpec night =
        p.resolve(
            FunctionKey.of("shop/batch-export"), Map.of(), Instant.parse("2026-11-28T04:00:00Z"));
    assertEquals(1, night.minInstances());
    assertEquals("keepalive", night.mode());
    assertEquals(
        10, p.resolve(FunctionKey.of("shop/suggest"), Map.of(), AT).perInstanceConcurrency());
  }
}
