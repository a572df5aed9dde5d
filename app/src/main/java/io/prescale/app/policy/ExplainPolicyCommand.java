package io.prescale.app.policy;

import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyError;
import io.prescale.policy.PolicyException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prescale policy explain --config FILE FUNCTION}: which rule applies and where each setting
 * comes from.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows which rule and settings a policy gives one function, and why.",
      "Prints the matching rule, why each earlier rule did not match, which schedules are open,",
      "and every resolved setting with its source (built-in, defaults, rule NAME,",
      "schedule N of rule NAME).",
      "Exit code 2 when the policy file is invalid or an argument is bad."
    })
final class ExplainPolicyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "The policy file.")
  Path config;

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "A resource label of the function, e.g. k8s.namespace.name=shop; repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "When to evaluate schedules: 2026-11-27T08:30:00Z, 2026-11-27T09:30+01:00 or "
              + "2026-11-27T09:30+01:00[Europe/Berlin] (default: now).")
  String at;

  @Parameters(
      index = "0",
      paramLabel = "FUNCTION",
      description = "Function key, e.g. shop/checkout-api.")
  String function;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant when = at == null ? TimeSource.system().instant() : parseTime(at);
    FunctionKey key;
    try {
      key = FunctionKey.of(function);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "FUNCTION: " + e.getMessage());
    }
    Policy policy;
    try {
      policy = PolicyLoaders.standard().load(config);
    } catch (PolicyException e) {
      for (PolicyError error : e.errors()) {
        err.println(error);
      }
      err.println(
          config
              + ": "
              + e.errors().size()
              + (e.errors().size() == 1 ? " error" : " errors")
              + "; fix them first (prescale policy validate "
              + config
              + ")");
      err.flush();
      return ValidatePolicyCommand.INVALID;
    }
    out.print(policy.explain(key, labels, when).render());
    out.flush();
    return 0;
  }

  private Instant parseTime(String text) {
    Instant t = ExplainRoute.parseTime(text);
    if (t == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--at = "
              + text
              + ", must be a time with an offset such as 2026-11-27T08:30:00Z, 2026-11-27T09:30+01:00 or "
              + "2026-11-27T09:30+01:00[Europe/Berlin]");
    }
    return t;
  }
}
