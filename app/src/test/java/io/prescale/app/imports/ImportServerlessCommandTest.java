package io.prescale.app.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code prescale import serverless} on real-world serverless.yml shapes: the framework's naming,
 * the provider's adapter and target, variables resolved or reported at their line and column; the
 * written policy loads (as {@code prescale policy validate} loads it) and binds each function.
 */
class ImportServerlessCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ImportCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(ImportServerlessCommandTest.class.getResource("/serverless/" + name).toURI());
  }

  Policy load(String text) throws Exception {
    return PolicyLoader.standard().parse(text, "imported.yaml");
  }

  static String adapterOf(Policy p, String function) {
    var b =
        p.resolve(FunctionKey.of(function), Map.of(), Instant.parse("2026-03-02T10:00:00Z"))
            .adapter();
    return b.name() + new java.util.TreeMap<>(b.target());
  }

  @Test
  void awsFunctionsAreLambdaNamesInTheRegionWithTheProvisionedAlias() throws Exception {
    Run r = run("serverless", fixture("aws.yml").toString(), "--stage", "prod");
    assertEquals(0, r.code(), r.err());
    Policy p = load(r.out());
    assertEquals(
        "aws-lambda{function=shop-api-prod-createOrder, qualifier=provisioned}",
        adapterOf(p, "eu-west-1/shop-api-prod-createOrder"),
        "SERVICE-STAGE-FUNCTION, region from ${opt:region, 'eu-west-1'}");
    assertEquals(
        "aws-lambda{function=shop-api-prod-order-reader, qualifier=provisioned}",
        adapterOf(p, "eu-west-1/shop-api-prod-order-reader"),
        "name: ${self:service}-${sls:stage}-order-reader");
    assertEquals("dry-run{}", adapterOf(p, "eu-west-1/other"), "no rule: the defaults");
    assertEquals(3, p.ruleNames().size());
    assertEquals("createorder", p.ruleNames().get(0));
    assertTrue(r.err().contains("functions.nightlyReport: no provisionedConcurrency"), r.err());

    Run dev = run("serverless", fixture("aws.yml").toString(), "--region", "us-west-2");
    assertEquals(0, dev.code(), dev.err());
    assertEquals(
        "aws-lambda{function=shop-api-dev-createOrder, qualifier=provisioned}",
        adapterOf(load(dev.out()), "us-west-2/shop-api-dev-createOrder"),
        "stage from self:custom.defaultStage, region from --region");
  }

  @Test
  void openwhiskActionsAreNamespaceAndName() throws Exception {
    Run r = run("serverless", fixture("openwhisk.yml").toString());
    assertEquals(0, r.code(), r.err());
    Policy p = load(r.out());
    assertEquals(
        "openwhisk{action=image-tools-dev-resize, namespace=guest}",
        adapterOf(p, "guest/image-tools-dev-resize"));
    assertEquals(
        "openwhisk{action=thumbnails/make, namespace=guest}",
        adapterOf(p, "guest/thumbnails/make"));
    assertEquals(
        "openwhisk{action=image-tools-dev-audit, namespace=ops}",
        adapterOf(p, "ops/image-tools-dev-audit"));
    assertEquals(4, p.ruleNames().size(), "the sequence too (it is an action)");
  }

  @Test
  void knativeServicesAreServiceDashFunctionInTheStageNamespace() throws Exception {
    Path out = dir.resolve("policy.yaml");
    Run r =
        run(
            "serverless",
            fixture("knative.yml").toString(),
            "--stage",
            "staging",
            "--out",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(out + ": 2 rules\n", r.out());
    Policy p = PolicyLoader.standard().load(out);
    assertEquals(
        "knative{namespace=sls-greeter-staging, service=greeter-helloworld}",
        adapterOf(p, "sls-greeter-staging/greeter-helloworld"));
    assertEquals(
        "knative{namespace=sls-greeter-staging, service=greeter-goodbye}",
        adapterOf(p, "sls-greeter-staging/greeter-goodbye"));
  }

  @Test
  void aProviderWhoseAdapterIsNotInstalledGoesToDryRunWithAComment() throws Exception {
    Run r = run("serverless", fixture("google.yml").toString());
    assertEquals(0, r.code(), r.err());
    boolean installed = PolicyLoader.standard().adapters().contains("gcp-cloud-run");
    Policy p = load(r.out());
    assertEquals(
        installed ? "gcp-cloud-run{}" : "dry-run{}",
        adapterOf(p, "europe-west1/notifier-dev-send"));
    if (!installed) {
      assertTrue(r.out().contains("adapter gcp-cloud-run is not installed here"), r.out());
      assertTrue(r.err().contains("needs the gcp-cloud-run adapter"), r.err());
    }
  }

  @Test
  void unresolvableVariablesAreReportedAtTheirLineAndColumnAndNothingIsWritten() throws Exception {
    Path out = dir.resolve("never.yaml");
    Run r = run("serverless", fixture("unresolved.yml").toString(), "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertFalse(Files.exists(out));
    String f = fixture("unresolved.yml").toString();
    String[] lines = r.err().split("\n");
    assertTrue(
        lines[0].startsWith(f + ":5:11: provider.region: cannot resolve ${ssm:/billing/region}"),
        r.err());
    assertTrue(
        lines[1].startsWith(
            f + ":9:11: functions.charge.name: cannot resolve ${file(./names.yml):charge}"),
        r.err());
    assertEquals(
        f
            + ":12:19: functions.refund.name: cannot resolve ${self:custom.missing}: no value and no fallback",
        lines[2]);
    assertEquals(f + ": 3 problems; no policy written", lines[3]);
  }

  @Test
  void notYamlOrNoServiceIsOneLine() throws Exception {
    Path bad = dir.resolve("serverless.yml");
    Files.writeString(bad, "service: [unclosed\n");
    Run r = run("serverless", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("prescale import serverless: " + bad + ":"), r.err());
    Files.writeString(bad, "provider:\n  name: aws\nfunctions: {}\n");
    r = run("serverless", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("service: is missing"), r.err());
  }
}
