package io.prescale.app.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One Prescale rule per function of a {@code serverless.yml}, named as the framework and its
 * provider plugin deploy it:
 *
 * <ul>
 *   <li>every provider: the function's {@code name}, else {@code ${service}-${stage}-${function}}
 *       (the framework's {@code Service.setFunctionNames}), stage = {@code --stage}, else {@code
 *       provider.stage}, else {@code dev};
 *   <li>{@code aws}: key {@code REGION/NAME} (region = {@code --region}, else {@code
 *       provider.region}, else {@code us-east-1}), adapter {@code aws-lambda} with {@code function:
 *       NAME} and the qualifier ({@code provisioned}, the alias the framework creates for {@code
 *       provisionedConcurrency}, unless {@code --qualifier});
 *   <li>{@code openwhisk}: action NAME in the function's {@code namespace}, else {@code
 *       provider.namespace}, else {@code _} (the API key's own; the key then matches any
 *       namespace), adapter {@code openwhisk};
 *   <li>{@code knative} (serverless-knative): Knative Service {@code ${service}-${function}}
 *       lower-cased in {@code provider.k8s.namespace}, else {@code sls-${service}-${stage}},
 *       adapter {@code knative};
 *   <li>{@code google}, {@code azure}: adapter {@code gcp-cloud-run} / {@code azure-functions} when
 *       installed, else the rule goes to {@code dry-run} with a comment saying so.
 * </ul>
 */
final class ServerlessRules {
  /** One rule: its name, the function it came from, the match, the adapter and a note. */
  record Rule(
      String name,
      String function,
      String match,
      String adapter,
      Map<String, String> target,
      String note) {}

  /** What the import found: the rules, the service facts, warnings. */
  record Result(
      String service,
      String provider,
      String stage,
      String region,
      List<Rule> rules,
      List<String> warnings) {}

  static final Map<String, String> ADAPTERS =
      Map.of(
          "aws", "aws-lambda",
          "openwhisk", "openwhisk",
          "knative", "knative",
          "google", "gcp-cloud-run",
          "azure", "azure-functions");

  private ServerlessRules() {}

  static Result of(ServerlessFile f, Map<String, String> options, Set<String> adapters) {
    List<String> warnings = new ArrayList<>();
    String service = f.string("service");
    if (service == null && f.node("service") instanceof MappingNode) {
      service = f.string("service.name");
    }
    String provider = f.string("provider.name");
    String stage = f.stage();
    if (service == null || provider == null) {
      if (service == null && !hasProblem(f, "service")) {
        f.problems().add(new ServerlessFile.Problem(1, 1, "service", "is missing"));
      }
      if (provider == null && !hasProblem(f, "provider.name")) {
        f.problems().add(new ServerlessFile.Problem(1, 1, "provider.name", "is missing"));
      }
      return null;
    }
    String region = options.get("region");
    if (region == null) {
      region = f.string("provider.region");
    }
    if (region == null) {
      region = "aws".equals(provider) ? "us-east-1" : null;
    }
    String adapter = ADAPTERS.get(provider);
    if (adapter == null) {
      Node p = f.node("provider.name");
      f.problems()
          .add(
              new ServerlessFile.Problem(
                  p.getStartMark().getLine() + 1,
                  p.getStartMark().getColumn() + 1,
                  "provider.name",
                  "= " + provider + ", must be one of aws, google, azure, openwhisk, knative"));
      return null;
    }
    Map<String, Node> functions = new LinkedHashMap<>();
    Node fs = f.node("functions");
    if (fs instanceof MappingNode) {
      functions.putAll(ServerlessFile.entries(fs));
    } else {
      for (Node item : ServerlessFile.items(fs)) {
        functions.putAll(ServerlessFile.entries(item)); // the framework merges a list of mappings
      }
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> names = new LinkedHashMap<>();
    String qualifier = options.getOrDefault("qualifier", "provisioned");
    for (Map.Entry<String, Node> e : functions.entrySet()) {
      String fn = e.getKey();
      Node def = e.getValue();
      if (def instanceof ScalarNode s && "tag:yaml.org,2002:null".equals(s.getTag().getValue())) {
        continue; // the framework drops a function set to null
      }
      String path = "functions." + fn;
      String deployed =
          ServerlessFile.child(def, "name") == null
              ? service + "-" + stage + "-" + fn
              : f.string(ServerlessFile.child(def, "name"), path + ".name");
      if (deployed == null) {
        continue;
      }
      String ruleName = unique(names, slug(fn));
      switch (provider) {
        case "aws" -> {
          if (ServerlessFile.child(def, "provisionedConcurrency") == null
              && !options.containsKey("qualifier")) {
            warnings.add(
                path
                    + ": no provisionedConcurrency, so the framework creates no 'provisioned'"
                    + " alias; create one or pass --qualifier");
          }
          rules.add(
              new Rule(
                  ruleName,
                  fn,
                  region + "/" + deployed,
                  adapter,
                  ordered("function", deployed, "qualifier", qualifier),
                  "Lambda " + deployed + " in " + region));
        }
        case "openwhisk" -> {
          Node nsNode = ServerlessFile.child(def, "namespace");
          String ns =
              nsNode != null
                  ? f.string(nsNode, path + ".namespace")
                  : f.string("provider.namespace");
          if (ns == null || ns.isBlank()) {
            ns = "_";
          }
          String action = deployed.startsWith("/") ? deployed.substring(1) : deployed;
          rules.add(
              new Rule(
                  ruleName,
                  fn,
                  ("_".equals(ns) ? "*" : ns) + "/" + action,
                  adapter,
                  "_".equals(ns)
                      ? ordered("action", action)
                      : ordered("namespace", ns, "action", action),
                  "action /" + ns + "/" + action));
        }
        case "knative" -> {
          String ns = f.string("provider.k8s.namespace");
          if (ns == null) {
            ns = "sls-" + service + "-" + stage;
          }
          String name = (service + "-" + fn).toLowerCase(Locale.ROOT);
          rules.add(
              new Rule(
                  ruleName,
                  fn,
                  ns + "/" + name,
                  adapter,
                  ordered("namespace", ns, "service", name),
                  "Knative Service " + ns + "/" + name));
        }
        default -> {
          boolean installed = adapters.contains(adapter);
          if (!installed) {
            warnings.add(
                path
                    + ": provider "
                    + provider
                    + " needs the "
                    + adapter
                    + " adapter, which this build does not have; the rule goes to dry-run");
          }
          rules.add(
              new Rule(
                  ruleName,
                  fn,
                  ("google".equals(provider) && region != null ? region + "/" : "") + deployed,
                  installed ? adapter : "dry-run",
                  Map.of(),
                  installed
                      ? provider + " function " + deployed
                      : provider
                          + " function "
                          + deployed
                          + ": adapter "
                          + adapter
                          + " is not installed here; decisions are only recorded (dry-run)"));
        }
      }
    }
    if (functions.isEmpty()) {
      warnings.add("functions: none, so the policy has no rules");
    }
    return new Result(service, provider, stage, region, rules, warnings);
  }

  private static boolean hasProblem(ServerlessFile f, String path) {
    return f.problems().stream().anyMatch(p -> p.path().equals(path));
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A rule name from a function name: lower case, runs of other characters as one dash. */
  static String slug(String fn) {
    String s = fn.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "function" : s;
  }

  private static String unique(Map<String, Integer> seen, String base) {
    int n = seen.merge(base, 1, Integer::sum);
    return n == 1 ? base : base + "-" + n;
  }
}
