package io.prescale.app.policy;

import io.prescale.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code prescale policy schema}: prints the JSON Schema of policy files for editors. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the JSON Schema of policy files for editors.",
      "Draft 2020-12, for completion and checks while typing, e.g.",
      "prescale policy schema > policy.schema.json and, in the YAML file,",
      "  # yaml-language-server: $schema=policy.schema.json",
      "The schema is for editors; prescale policy validate is the exact check."
    })
final class SchemaPolicyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    try (InputStream in = Policy.class.getResourceAsStream("policy.schema.json")) {
      if (in == null) {
        throw new IOException("policy.schema.json is missing from the class path");
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      out.flush();
    }
    return 0;
  }
}
