package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale policy validate} checks gcp-cloud-run and azure-functions targets with their
 * adapters' own rules, and the shipped examples for both pass.
 */
class CloudTargetsCliTest {
  @TempDir Path dir;

  @Test
  void aCloudTargetMissingARequiredKeyIsAnErrorWithItsPosition() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(
        f,
        String.join(
            "\n",
            "policies:",
            "  - name: run",
            "    match: { function: \"us-central1/*\" }",
            "    adapter: { name: gcp-cloud-run, target: { location: us-central1 } }",
            "  - name: fn",
            "    match: { function: \"East US/*\" }",
            "    adapter: { name: azure-functions, target: { subscription: s, resourceGroup: g } }",
            ""));
    PolicyCliTest.Run r = PolicyCliTest.run("policy", "validate", f.toString());
    assertEquals(2, r.code(), r.err());
    String[] lines = r.err().split("\n");
    assertEquals(
        f
            + ":4:45: policies[0].adapter.target: adapter gcp-cloud-run target key 'project' is"
            + " missing; set the Google Cloud project id",
        lines[0]);
    assertEquals(
        f
            + ":7:47: policies[1].adapter.target: adapter azure-functions target key 'plan' is"
            + " missing; set flex (Flex Consumption) or premium (Elastic Premium)",
        lines[1]);
  }

  @Test
  void theCloudExamplesValidate() {
    for (String example : new String[] {"gcp-cloud-run.yaml", "azure-functions.yaml"}) {
      PolicyCliTest.Run r =
          PolicyCliTest.run(
              "policy", "validate", PolicyCliTest.EXAMPLES.resolve(example).toString());
      assertEquals(0, r.code(), example + ": " + r.err());
    }
  }
}
