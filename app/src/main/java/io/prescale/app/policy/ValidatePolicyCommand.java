package io.prescale.app.policy;

import io.prescale.policy.Policy;
import io.prescale.policy.PolicyError;
import io.prescale.policy.PolicyException;
import io.prescale.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code prescale policy validate FILE...}: every error of every file, each with file:line:column.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks policy files and prints every problem at once.",
      "Each problem is one line: FILE:LINE:COLUMN: KEY.PATH = VALUE, must be ALLOWED",
      "Each adapter target is checked by the adapter's own validation.",
      "Warnings (a rule shadowed by an earlier rule whose match covers it) go to",
      "stderr as FILE:LINE:COLUMN: policies[N]: warning: ... and do not fail.",
      "Exit code 0 when every file is valid (one OK line per file), 2 otherwise."
    })
final class ValidatePolicyCommand implements Callable<Integer> {
  static final int INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PolicyLoader loader = PolicyLoaders.standard();
    int bad = 0;
    for (Path file : files) {
      try {
        Policy p = loader.load(file);
        p.warnings().forEach(err::println);
        out.println(file + ": OK (" + summary(p) + ")");
      } catch (PolicyException e) {
        bad++;
        for (PolicyError error : e.errors()) {
          err.println(error);
        }
        err.println(
            file + ": " + e.errors().size() + (e.errors().size() == 1 ? " error" : " errors"));
      }
    }
    out.flush();
    err.flush();
    return bad == 0 ? 0 : INVALID;
  }

  static String summary(Policy p) {
    List<String> rules = p.ruleNames();
    var d = p.defaults();
    return rules.size()
        + (rules.size() == 1 ? " rule" : " rules")
        + (rules.isEmpty() ? "" : ": " + String.join(", ", rules))
        + "; defaults: mode "
        + d.mode()
        + ", instances "
        + d.minInstances()
        + "-"
        + d.maxInstances()
        + ", adapter "
        + d.adapter().name();
  }
}
