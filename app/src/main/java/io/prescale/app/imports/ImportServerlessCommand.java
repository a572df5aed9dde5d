package io.prescale.app.imports;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.prescale.policy.PolicyLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prescale import serverless serverless.yml [--stage S] [--region R] [--qualifier Q] [--out
 * FILE]}: a policy file with one rule per function, bound to the adapter of the file's provider
 * ({@link ServerlessRules}); variables the import cannot resolve are printed as {@code
 * FILE:LINE:COLUMN: PATH: message} and nothing is written (exit 2).
 */
@Command(
    name = "serverless",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a Prescale policy from a Serverless Framework serverless.yml: one rule per function,",
      "matched by the function key Prescale sees and bound to the provider's adapter (aws:",
      "aws-lambda, openwhisk, knative; google, azure: their adapters when installed, else",
      "dry-run with a comment). Deployed names follow the framework: a function's name, else",
      "SERVICE-STAGE-FUNCTION. Variables: self, opt:stage, opt:region, sls:stage, env and",
      "fallbacks are resolved; any other is an error at its line and column (exit 2)."
    })
public final class ImportServerlessCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The serverless.yml to read.")
  Path file;

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      description =
          "The stage deployed (the framework's --stage; default: provider.stage, else dev).")
  String stage;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "The region deployed (default: provider.region, else us-east-1 for aws).")
  String region;

  @Option(
      names = "--qualifier",
      paramLabel = "ALIAS",
      description =
          "aws: the alias or version whose provisioned concurrency Prescale sets (default:"
              + " provisioned, the alias the framework creates for provisionedConcurrency).")
  String qualifier;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the policy here (replaced atomically) instead of to stdout.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> options = new HashMap<>();
    if (stage != null) {
      options.put("stage", stage);
    }
    if (region != null) {
      options.put("region", region);
    }
    if (qualifier != null) {
      options.put("qualifier", qualifier);
    }
    ServerlessFile f;
    try {
      f = ServerlessFile.read(file, options, System.getenv());
    } catch (IllegalArgumentException e) {
      err.println("prescale import serverless: " + e.getMessage());
      err.flush();
      return 2;
    }
    ServerlessRules.Result r = ServerlessRules.of(f, options, PolicyLoader.standard().adapters());
    if (!f.problems().isEmpty()) {
      for (ServerlessFile.Problem p : f.problems()) {
        err.println(
            file + ":" + p.line() + ":" + p.column() + ": " + p.path() + ": " + p.message());
      }
      err.println(
          file
              + ": "
              + f.problems().size()
              + (f.problems().size() == 1 ? " problem" : " problems")
              + "; no policy written");
      err.flush();
      return 2;
    }
    String policy = text(r, file, options);
    r.warnings().forEach(w -> err.println(file + ": warning: " + w));
    err.flush();
    if (out == null) {
      PrintWriter o = spec.commandLine().getOut();
      o.print(policy);
      o.flush();
      return 0;
    }
    try {
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      Files.writeString(tmp, policy, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      err.println(
          "prescale import serverless: --out " + out + " cannot be written: " + e.getMessage());
      err.flush();
      return 2;
    }
    spec.commandLine()
        .getOut()
        .println(out + ": " + r.rules().size() + (r.rules().size() == 1 ? " rule" : " rules"));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The policy as YAML: strings double-quoted with JSON escapes (valid YAML), comments. */
  static String text(ServerlessRules.Result r, Path file, Map<String, String> options) {
    StringBuilder b = new StringBuilder();
    b.append("# Written by `prescale import serverless ").append(file.getFileName());
    if (options.containsKey("stage")) {
      b.append(" --stage ").append(options.get("stage"));
    }
    if (options.containsKey("region")) {
      b.append(" --region ").append(options.get("region"));
    }
    b.append("`: service ").append(r.service()).append(", provider ").append(r.provider());
    b.append(", stage ").append(r.stage());
    if (r.region() != null) {
      b.append(", region ").append(r.region());
    }
    b.append(".\n");
    b.append("defaults:\n  mode: predictive\n");
    if (r.rules().isEmpty()) {
      b.append("policies: []\n");
      return b.toString();
    }
    b.append("policies:\n");
    for (ServerlessRules.Rule rule : r.rules()) {
      b.append("  # function ")
          .append(rule.function())
          .append(": ")
          .append(rule.note())
          .append('\n');
      b.append("  - name: ").append(q(rule.name())).append('\n');
      b.append("    match: { function: ").append(q(rule.match())).append(" }\n");
      b.append("    adapter: { name: ").append(q(rule.adapter())).append(", target: {");
      boolean first = true;
      for (Map.Entry<String, String> e : rule.target().entrySet()) {
        b.append(first ? " " : ", ").append(e.getKey()).append(": ").append(q(e.getValue()));
        first = false;
      }
      b.append(first ? "} }\n" : " } }\n");
    }
    return b.toString();
  }

  private static String q(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
