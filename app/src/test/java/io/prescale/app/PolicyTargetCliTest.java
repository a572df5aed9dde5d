package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale policy validate} checks each adapter target with the adapter's own validation (no
 * adapter created: no client, no server) and warns about shadowed rules without failing.
 */
class PolicyTargetCliTest {
  @TempDir Path dir;

  @Test
  void unusableTargetsAreErrorsWithTheirPositions() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "policies:",
            "  - name: k",
            "    match: { function: \"shop/*\" }",
            "    adapter: { name: kubernetes, target: { namespace: shop } }",
            "  - name: w",
            "    match: { function: \"hooks/*\" }",
            "    adapter: { name: webhook, target: { url: \"not a url\" } }",
            "  - name: l",
            "    match: { function: \"eu-west-1/*\" }",
            "    adapter: { name: aws-lambda, target: {} }",
            "  - name: k2",
            "    match: { function: \"k2/*\" }",
            "    adapter: { name: keda, target: { namespace: shop } }",
            ""));
    PolicyCliTest.Run r = PolicyCliTest.run("policy", "validate", f.toString());
    assertEquals(2, r.code(), r.err());
    assertEquals("", r.out());
    String[] lines = r.err().split("\n");
    assertEquals(
        f
            + ":4:42: policies[0].adapter.target: adapter kubernetes target needs 'deployment',"
            + " 'statefulset' or 'kind' + 'name'; target has [namespace]",
        lines[0]);
    assertTrue(
        lines[1].startsWith(
            f + ":7:39: policies[1].adapter.target: adapter webhook target key 'url' = not a url"),
        lines[1]);
    assertEquals(
        f
            + ":10:42: policies[2].adapter.target: adapter aws-lambda target key 'qualifier' is missing;"
            + " set an alias or a published version",
        lines[2]);
    assertEquals(
        f
            + ":13:36: policies[3].adapter.target: adapter keda target has 'namespace' but no 'scaledobject'",
        lines[3]);
    assertEquals(f + ": 4 errors", lines[4]);
  }

  @Test
  void lambdaTargetMayLeaveTheFunctionToBeDerivedAndShadowedRulesOnlyWarn() throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "policies:",
            "  - name: all-lambda",
            "    match: { labels: { cloud.provider: aws } }",
            "    adapter: { name: aws-lambda, target: { qualifier: live } }",
            "  - name: orders",
            "    match: { function: \"eu-west-1/orders\", labels: { cloud.provider: aws } }",
            "    adapter: { name: webhook, target: { url: \"https://hooks.example.com/scale\" } }",
            ""));
    PolicyCliTest.Run r = PolicyCliTest.run("policy", "validate", f.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith(f + ": OK (2 rules"), r.out());
    assertEquals(
        f
            + ":5:5: policies[1]: warning: rule \"orders\" is shadowed by policies[0] \"all-lambda\" (line 2),"
            + " which matches every function it matches and comes first; it never applies\n",
        r.err());
  }

  @Test
  void everyExamplePassesTheAdaptersOwnChecks() throws Exception {
    try (var files = Files.list(PolicyCliTest.EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        PolicyCliTest.Run r = PolicyCliTest.run("policy", "validate", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "no error or warning in " + f);
      }
    }
  }
}
