package io.prescale.app.imports;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A {@code serverless.yml} read with SnakeYAML's node tree (so every value keeps its line and
 * column, and CloudFormation tags such as {@code !Ref} need no constructor), with the Serverless
 * Framework's variables resolved where the import can: {@code ${self:path}}, {@code ${opt:stage}}
 * and {@code ${opt:region}} (the command's options), {@code ${sls:stage}}, {@code ${env:NAME}},
 * literals and fallbacks ({@code ${opt:stage, 'dev'}}, nested {@code ${...}}). Anything else
 * ({@code ${file(...)}}, {@code ${ssm:...}}, {@code ${cf:...}}, ...) is a problem at the variable's
 * line and column.
 */
final class ServerlessFile {
  /** Larger files are refused: a service description is a few kilobytes. */
  static final int MAX_BYTES = 1 << 20;

  /** Nested variables resolved at most this deep (a cycle is reported before). */
  private static final int MAX_DEPTH = 20;

  /** A problem at a position of the file (1-based line and column). */
  record Problem(int line, int column, String path, String message) {}

  private final String file;
  private final Node root;
  private final Map<String, String> options;
  private final Map<String, String> env;
  private final List<Problem> problems = new ArrayList<>();
  private String stage;

  private ServerlessFile(
      String file, Node root, Map<String, String> options, Map<String, String> env) {
    this.file = file;
    this.root = root;
    this.options = options;
    this.env = env;
  }

  /**
   * Reads {@code path}; {@code options} holds {@code stage} and {@code region} when given. Throws
   * an {@link IllegalArgumentException} naming the file (and the position) when it is not YAML.
   */
  static ServerlessFile read(Path path, Map<String, String> options, Map<String, String> env) {
    String text;
    try {
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new IllegalArgumentException(
            path + " is " + size + " bytes, must be at most " + MAX_BYTES);
      }
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(path + " cannot be read: " + e.getMessage());
    }
    LoaderOptions lo = new LoaderOptions();
    lo.setMaxAliasesForCollections(50);
    lo.setCodePointLimit(MAX_BYTES);
    lo.setAllowDuplicateKeys(false);
    Node root;
    try {
      root = new Yaml(new SafeConstructor(lo)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      throw new IllegalArgumentException(
          path
              + (m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
              + ": not valid YAML: "
              + e.getProblem());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(path + ": not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof MappingNode)) {
      throw new IllegalArgumentException(
          path + ": must be a mapping (service, provider, functions)");
    }
    return new ServerlessFile(path.toString(), root, options, env);
  }

  String file() {
    return file;
  }

  List<Problem> problems() {
    return problems;
  }

  /** The node at a dotted path, or null. */
  Node node(String dotted) {
    Node n = root;
    for (String k : dotted.split("\\.")) {
      n = child(n, k);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  static Node child(Node n, String key) {
    if (!(n instanceof MappingNode m)) {
      return null;
    }
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  /** A mapping's entries in file order (key text to value node). */
  static Map<String, Node> entries(Node n) {
    Map<String, Node> out = new LinkedHashMap<>();
    if (n instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          out.put(k.getValue(), t.getValueNode());
        }
      }
    }
    return out;
  }

  /** A sequence's items, or none. */
  static List<Node> items(Node n) {
    return n instanceof SequenceNode s ? s.getValue() : List.of();
  }

  /** The stage the framework deploys: --stage, else provider.stage, else dev. */
  String stage() {
    if (stage == null) {
      String s = options.get("stage");
      if (s == null) {
        s = string("provider.stage");
      }
      stage = s == null ? "dev" : s;
    }
    return stage;
  }

  /** The resolved text of the scalar at {@code dotted}; null when absent or unresolvable. */
  String string(String dotted) {
    Node n = node(dotted);
    return n == null ? null : string(n, dotted);
  }

  /** The resolved text of {@code n}; null (and a problem) when it is not a resolvable scalar. */
  String string(Node n, String path) {
    if (!(n instanceof ScalarNode s)) {
      problems.add(at(n.getStartMark(), 0, path, "must be a value, not a mapping or a list"));
      return null;
    }
    if ("tag:yaml.org,2002:null".equals(s.getTag().getValue())) {
      return null;
    }
    return resolve(s, path, new HashSet<>(), 0);
  }

  private String resolve(ScalarNode s, String path, Set<String> visiting, int depth) {
    String text = s.getValue();
    if (!text.contains("${")) {
      return text;
    }
    int quote =
        s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                || s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED
            ? 0
            : 1;
    boolean oneLine = s.getStartMark().getLine() == s.getEndMark().getLine();
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("${", i);
      if (open < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, open);
      int close = matching(text, open);
      int col = oneLine ? quote + open : 0;
      if (close < 0) {
        problems.add(
            at(s.getStartMark(), col, path, "unterminated variable " + text.substring(open)));
        return null;
      }
      String expr = text.substring(open + 2, close);
      String v = expression(expr, s, col, path, visiting, depth);
      if (v == null) {
        if (!hasProblemAt(s, col)) {
          problems.add(
              at(
                  s.getStartMark(),
                  col,
                  path,
                  "cannot resolve ${" + expr + "}: no value and no fallback"));
        }
        return null;
      }
      out.append(v);
      i = close + 1;
    }
    return out.toString();
  }

  private boolean hasProblemAt(ScalarNode s, int col) {
    Problem p = at(s.getStartMark(), col, "", "");
    for (Problem q : problems) {
      if (q.line() == p.line() && q.column() == p.column()) {
        return true;
      }
    }
    return false;
  }

  /** The value of one {@code ${...}}: the first of its comma-separated parts that resolves. */
  private String expression(
      String expr, ScalarNode s, int col, String path, Set<String> visiting, int depth) {
    if (depth > MAX_DEPTH) {
      problems.add(at(s.getStartMark(), col, path, "variables nested deeper than " + MAX_DEPTH));
      return null;
    }
    for (String part : split(expr)) {
      String p = part.trim();
      String v;
      if (p.length() >= 2
          && (p.startsWith("'") && p.endsWith("'") || p.startsWith("\"") && p.endsWith("\""))) {
        v = p.substring(1, p.length() - 1);
      } else if (p.matches("-?[0-9]+(\\.[0-9]+)?") || p.equals("true") || p.equals("false")) {
        v = p;
      } else if (p.startsWith("${") && p.endsWith("}") && matching(p, 0) == p.length() - 1) {
        v = expression(p.substring(2, p.length() - 1), s, col, path, visiting, depth + 1);
      } else {
        v = reference(p, s, col, path, visiting, depth);
      }
      if (v != null) {
        return v;
      }
      if (hasProblemAt(s, col)) {
        return null; // a source the import cannot read: reported, not silently replaced
      }
    }
    return null;
  }

  /** One reference {@code source:address}; null when it has no value (the fallback decides). */
  private String reference(
      String ref, ScalarNode s, int col, String path, Set<String> visiting, int depth) {
    if (ref.startsWith("self:")) {
      String address = ref.substring(5).trim();
      Node n = address.isEmpty() ? null : node(address);
      if (n == null) {
        if (address.equals("provider.stage")) {
          return "dev";
        }
        if (address.equals("provider.region") && "aws".equals(string("provider.name"))) {
          return "us-east-1";
        }
        return null;
      }
      if (!(n instanceof ScalarNode target)) {
        problems.add(
            at(s.getStartMark(), col, path, "${" + ref + "} is a mapping or a list, not a value"));
        return null;
      }
      if (!visiting.add(address)) {
        problems.add(at(s.getStartMark(), col, path, "${" + ref + "} refers to itself"));
        return null;
      }
      try {
        return resolve(target, address, visiting, depth + 1);
      } finally {
        visiting.remove(address);
      }
    }
    if (ref.equals("opt:stage") || ref.equals("opt:region")) {
      return options.get(ref.substring(4));
    }
    if (ref.equals("sls:stage")) {
      return stage();
    }
    if (ref.startsWith("env:")) {
      return env.get(ref.substring(4).trim());
    }
    if (ref.startsWith("opt:")) {
      return null; // an option the command does not take: no value, the fallback decides
    }
    int colon = ref.indexOf(':');
    int paren = ref.indexOf('(');
    String source =
        paren > 0 && (colon < 0 || paren < colon)
            ? ref.substring(0, paren)
            : colon > 0 ? ref.substring(0, colon) : ref;
    problems.add(
        at(
            s.getStartMark(),
            col,
            path,
            "cannot resolve ${"
                + ref
                + "}: the import reads self, opt:stage, opt:region, sls:stage and env variables,"
                + " not "
                + source));
    return null;
  }

  /** The index of the '}' closing the '${' at {@code open}, or -1. */
  private static int matching(String text, int open) {
    int level = 0;
    for (int i = open; i < text.length(); i++) {
      if (text.startsWith("${", i)) {
        level++;
        i++;
      } else if (text.charAt(i) == '}') {
        level--;
        if (level == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Splits on top-level commas (not inside nested variables or quotes). */
  private static List<String> split(String expr) {
    List<String> out = new ArrayList<>();
    int level = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (expr.startsWith("${", i)) {
        level++;
        i++;
      } else if (c == '}') {
        level--;
      } else if (c == ',' && level == 0) {
        out.add(expr.substring(start, i));
        start = i + 1;
      }
    }
    out.add(expr.substring(start));
    return out;
  }

  private static Problem at(Mark mark, int columnOffset, String path, String message) {
    return new Problem(mark.getLine() + 1, mark.getColumn() + 1 + columnOffset, path, message);
  }
}
