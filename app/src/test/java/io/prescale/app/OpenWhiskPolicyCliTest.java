package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale policy validate} checks the {@code sources.openwhisk} section with the source's
 * own settings parser and the {@code openwhisk} adapter's targets, each problem at its position.
 */
class OpenWhiskPolicyCliTest {
  @TempDir Path dir;

  @Test
  void badSourceSettingsAndTargetsAreErrorsAtTheirPositions() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "sources:",
            "  openwhisk:",
            "    apiHost: ftp://openwhisk.example.com",
            "    authFile: /var/run/secrets/openwhisk/auth",
            "    pollIntervall: 10s",
            "  openwhsk: {}",
            "policies:",
            "  - name: ow",
            "    match: { function: \"guest/*\" }",
            "    adapter: { name: openwhisk, target: { namespace: guest } }",
            ""));
    PolicyCliTest.Run r = PolicyCliTest.run("policy", "validate", f.toString());
    assertEquals(2, r.code(), r.err());
    String[] lines = r.err().split("\n");
    assertTrue(
        lines[0].startsWith(
            f + ":5:5: sources.openwhisk.pollIntervall: unknown key; allowed keys:"),
        r.err());
    assertEquals(f + ":6:3: sources.openwhsk: unknown source; did you mean openwhisk?", lines[1]);
    assertTrue(
        lines[2].startsWith(
            f
                + ":10:41: policies[0].adapter.target: adapter openwhisk target key 'action' is missing"),
        r.err());
    assertEquals(f + ": 3 errors", lines[3]);

    Files.writeString(
        f,
        String.join(
            "\n",
            "sources:",
            "  openwhisk:",
            "    apiHost: ftp://openwhisk.example.com",
            "    authFile: /var/run/secrets/openwhisk/auth",
            "    pageLimit: 500",
            ""));
    r = PolicyCliTest.run("policy", "validate", f.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err()
            .startsWith(
                f
                    + ":3:14: sources.openwhisk.apiHost: apiHost = ftp://openwhisk.example.com, must"
                    + " be an http:// or https:// URL with a host"),
        r.err());
  }

  @Test
  void theExampleValidatesAndExplainShowsTheBinding() throws Exception {
    Path example = Path.of("..", "examples", "openwhisk.yaml");
    PolicyCliTest.Run r = PolicyCliTest.run("policy", "validate", example.toString());
    assertEquals(0, r.code(), r.err());
    r =
        PolicyCliTest.run(
            "policy", "explain", "--config", example.toString(), "guest/shop/checkout");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("openwhisk"), r.out());
  }

  @Test
  void anImportedServerlessPolicyValidatesAndExplainShowsEachBinding() throws Exception {
    Path out = dir.resolve("imported.yaml");
    Path yml = Path.of(getClass().getResource("/serverless/openwhisk.yml").toURI());
    PolicyCliTest.Run r =
        PolicyCliTest.run("import", "serverless", yml.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    r = PolicyCliTest.run("policy", "validate", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().startsWith(out + ": OK (4 rules: resize, thumbnail, audit, pipeline"), r.out());
    r =
        PolicyCliTest.run(
            "policy", "explain", "--config", out.toString(), "ops/image-tools-dev-audit");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("audit"), r.out());
    assertTrue(r.out().contains("image-tools-dev-audit") && r.out().contains("openwhisk"), r.out());
  }
}
