package io.prescale.policy;

import io.prescale.core.time.Durations;
import io.prescale.policy.YamlNode.Mapping;
import io.prescale.policy.YamlNode.Scalar;
import io.prescale.policy.YamlNode.Sequence;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy file's {@code sources.prometheus} list, every problem with its position
 * (docs/policy.md, "Sources"). Bounds: at most {@value #MAX_SOURCES} sources, {@value #MAX_URLS}
 * static URLs each; interval in [1s; 1h] (default 15s); timeout in [100ms; interval] (default the
 * smaller of 10s and the interval).
 */
final class PrometheusSourcesParser {
  /** Where the list sits in the file. */
  static final String PATH = "sources." + SourcesParser.PROMETHEUS;

  static final int MAX_SOURCES = 100;
  static final int MAX_URLS = 1000;
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Range INTERVAL =
      Range.durations(Duration.ofSeconds(1), true, Duration.ofHours(1));
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DNS_LABEL = NAME;
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");

  /**
   * One requirement of a Kubernetes label selector: {@code key}, {@code !key}, {@code key=v},
   * {@code key==v}, {@code key!=v}, {@code key in (a,b)}, {@code key notin (a,b)}.
   */
  private static final String KEY =
      "([a-z0-9A-Z.-]{1,253}/)?[a-z0-9A-Z]([a-z0-9A-Z_.-]{0,61}[a-z0-9A-Z])?";

  private static final String VALUE = "([a-z0-9A-Z]([a-z0-9A-Z_.-]{0,61}[a-z0-9A-Z])?)?";
  private static final Pattern REQUIREMENT =
      Pattern.compile(
          "\\s*(!?"
              + KEY
              + "|"
              + KEY
              + "\\s*(=|==|!=)\\s*"
              + VALUE
              + "|"
              + KEY
              + "\\s+(in|notin)\\s*\\(\\s*"
              + VALUE
              + "(\\s*,\\s*"
              + VALUE
              + ")*\\s*\\))\\s*");

  private static final Set<String> KEYS =
      new LinkedHashSet<>(List.of("name", "static", "kubernetes", "interval", "timeout", "auth"));
  private static final Set<String> K8S_KEYS =
      new LinkedHashSet<>(List.of("role", "namespaces", "selector", "port", "path", "scheme"));
  private static final Set<String> AUTH_KEYS =
      new LinkedHashSet<>(List.of("bearerTokenFile", "basic"));
  private static final Set<String> BASIC_KEYS =
      new LinkedHashSet<>(List.of("username", "passwordFile"));

  private final Problems problems;
  private final LayerParser layers;

  PrometheusSourcesParser(Problems problems, LayerParser layers) {
    this.problems = problems;
    this.layers = layers;
  }

  List<SourceSpec> parse(YamlNode node) {
    List<SourceSpec> out = new ArrayList<>();
    if (node instanceof Scalar s && s.type() == Scalar.Type.NULL) {
      return out;
    }
    if (!(node instanceof Sequence seq)) {
      problems.add(node, PATH, "= " + node.describe() + ", must be a list of sources");
      return out;
    }
    if (seq.items().size() > MAX_SOURCES) {
      problems.add(node, PATH, "has " + seq.items().size() + " sources, at most " + MAX_SOURCES);
      return out;
    }
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      SourceSpec s = source(seq.items().get(i), PATH + "[" + i + "]");
      if (s == null) {
        continue;
      }
      Integer first = names.putIfAbsent(s.name(), i);
      if (first != null) {
        problems.add(
            seq.items().get(i),
            PATH + "[" + i + "].name",
            "= \"" + s.name() + "\", must be unique (also " + PATH + "[" + first + "])");
        continue;
      }
      out.add(s);
    }
    return out;
  }

  private SourceSpec source(YamlNode node, String path) {
    if (!(node instanceof Mapping m)) {
      problems.add(
          node,
          path,
          "= " + node.describe() + ", must be a mapping with name and static or kubernetes");
      return null;
    }
    int before = problems.size();
    String name = null;
    List<URI> urls = List.of();
    SourceSpec.Kubernetes k8s = null;
    Duration interval = DEFAULT_INTERVAL;
    Duration timeout = null;
    YamlNode timeoutNode = null;
    String token = null;
    String user = null;
    String password = null;
    boolean hasStatic = false;
    for (YamlNode.Entry e : m.entries()) {
      String p = path + "." + e.key();
      switch (e.key()) {
        case "name" -> {
          String n = string(e.value(), p);
          if (n != null && !NAME.matcher(n).matches()) {
            problems.add(
                e.value(),
                p,
                "= "
                    + e.value().describe()
                    + ", must be lower-case letters, digits and dashes (at most 63, as a DNS label)");
          } else {
            name = n;
          }
        }
        case "static" -> {
          hasStatic = true;
          urls = urls(e.value(), p);
        }
        case "kubernetes" -> k8s = kubernetes(e.value(), p);
        case "interval" -> {
          Duration d = duration(e.value(), p, INTERVAL);
          if (d != null) {
            interval = d;
          }
        }
        case "timeout" -> {
          timeoutNode = e.value();
          timeout =
              duration(
                  e.value(), p, Range.durations(Duration.ofMillis(100), true, Duration.ofHours(1)));
        }
        case "auth" -> {
          String[] a = auth(e.value(), p);
          if (a != null) {
            token = a[0];
            user = a[1];
            password = a[2];
          }
        }
        default -> layers.unknownKey(e, p, KEYS);
      }
    }
    if (name == null && m.get("name") == null) {
      problems.add(m, path + ".name", "is missing: every source needs a name");
    }
    if (hasStatic == (m.get("kubernetes") != null)) {
      problems.add(m, path, "must have exactly one of static and kubernetes");
    }
    if (timeout != null && timeout.compareTo(interval) > 0) {
      problems.add(
          timeoutNode,
          path + ".timeout",
          "= "
              + Durations.format(timeout)
              + ", must be at most the interval ("
              + Durations.format(interval)
              + ")");
    }
    if (problems.size() != before || name == null) {
      return null;
    }
    if (timeout == null) {
      timeout = DEFAULT_TIMEOUT.compareTo(interval) < 0 ? DEFAULT_TIMEOUT : interval;
    }
    return new SourceSpec(name, urls, k8s, interval, timeout, token, user, password);
  }

  private List<URI> urls(YamlNode node, String path) {
    List<URI> out = new ArrayList<>();
    List<YamlNode> items =
        node instanceof Sequence s ? s.items() : node instanceof Scalar ? List.of(node) : null;
    if (items == null || items.isEmpty()) {
      problems.add(
          node, path, "= " + node.describe() + ", must be a list of http:// or https:// URLs");
      return out;
    }
    if (items.size() > MAX_URLS) {
      problems.add(node, path, "has " + items.size() + " URLs, at most " + MAX_URLS);
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      String text = string(items.get(i), p);
      if (text == null) {
        continue;
      }
      URI u = null;
      try {
        u = new URI(text);
      } catch (URISyntaxException e) {
        // reported below
      }
      if (u == null
          || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          || u.getHost() == null) {
        problems.add(
            items.get(i),
            p,
            "= " + items.get(i).describe() + ", must be an http:// or https:// URL with a host");
      } else {
        out.add(u);
      }
    }
    return out;
  }

  private SourceSpec.Kubernetes kubernetes(YamlNode node, String path) {
    if (!(node instanceof Mapping m)) {
      problems.add(
          node, path, "= " + node.describe() + ", must be a mapping with role, selector and port");
      return null;
    }
    String role = "pod";
    List<String> namespaces = List.of();
    String selector = "";
    String port = null;
    String httpPath = "/metrics";
    String scheme = "http";
    for (YamlNode.Entry e : m.entries()) {
      String p = path + "." + e.key();
      switch (e.key()) {
        case "role" -> {
          String r = string(e.value(), p);
          if (r != null && !r.equals("pod") && !r.equals("endpoints")) {
            problems.add(e.value(), p, "= " + e.value().describe() + ", must be pod or endpoints");
          } else if (r != null) {
            role = r;
          }
        }
        case "namespaces" -> namespaces = namespaces(e.value(), p);
        case "selector" -> {
          String s = string(e.value(), p);
          if (s != null && !validSelector(s)) {
            problems.add(
                e.value(),
                p,
                "= "
                    + e.value().describe()
                    + ", must be a label selector like app=x,tier!=db,env in (a,b),!canary");
          } else if (s != null) {
            selector = s;
          }
        }
        case "port" -> port = port(e.value(), p);
        case "path" -> {
          String s = string(e.value(), p);
          if (s != null && !s.startsWith("/")) {
            problems.add(e.value(), p, "= " + e.value().describe() + ", must start with /");
          } else if (s != null) {
            httpPath = s;
          }
        }
        case "scheme" -> {
          String s = string(e.value(), p);
          if (s != null && !s.equals("http") && !s.equals("https")) {
            problems.add(e.value(), p, "= " + e.value().describe() + ", must be http or https");
          } else if (s != null) {
            scheme = s;
          }
        }
        default -> layers.unknownKey(e, p, K8S_KEYS);
      }
    }
    if (m.get("port") == null) {
      problems.add(m, path + ".port", "is missing: the port number or name to scrape");
    }
    return new SourceSpec.Kubernetes(role, namespaces, selector, port, httpPath, scheme);
  }

  static boolean validSelector(String s) {
    if (s.isBlank()) {
      return true;
    }
    // split on commas outside parentheses
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        if (!REQUIREMENT.matcher(s.substring(start, i)).matches()) {
          return false;
        }
        start = i + 1;
      }
      if (depth < 0 || depth > 1) {
        return false;
      }
    }
    return depth == 0;
  }

  private List<String> namespaces(YamlNode node, String path) {
    List<String> out = new ArrayList<>();
    List<YamlNode> items =
        node instanceof Sequence s ? s.items() : node instanceof Scalar ? List.of(node) : List.of();
    for (int i = 0; i < items.size(); i++) {
      String n = string(items.get(i), path + "[" + i + "]");
      if (n != null && !DNS_LABEL.matcher(n).matches()) {
        problems.add(
            items.get(i),
            path + "[" + i + "]",
            "= " + items.get(i).describe() + ", must be a namespace name");
      } else if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  private String port(YamlNode node, String path) {
    if (node instanceof Scalar s && s.type() == Scalar.Type.INT) {
      try {
        int p = Integer.parseInt(s.text());
        if (p >= 1 && p <= 65535) {
          return s.text();
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    } else if (node instanceof Scalar s
        && s.type() == Scalar.Type.STRING
        && PORT_NAME.matcher(s.text()).matches()) {
      return s.text();
    }
    problems.add(
        node,
        path,
        "= " + node.describe() + ", must be a port number in [1; 65535] or a port name");
    return null;
  }

  /** {token, username, password file}, or null when invalid (reported). */
  private String[] auth(YamlNode node, String path) {
    if (!(node instanceof Mapping m) || m.entries().size() != 1) {
      problems.add(node, path, "must be a mapping with one of bearerTokenFile or basic");
      return null;
    }
    YamlNode.Entry e = m.entries().get(0);
    String p = path + "." + e.key();
    switch (e.key()) {
      case "bearerTokenFile" -> {
        String f = string(e.value(), p);
        return f == null ? null : new String[] {f, null, null};
      }
      case "basic" -> {
        if (!(e.value() instanceof Mapping b)) {
          problems.add(e.value(), p, "must be a mapping with username and passwordFile");
          return null;
        }
        String user = null;
        String file = null;
        for (YamlNode.Entry be : b.entries()) {
          switch (be.key()) {
            case "username" -> user = string(be.value(), p + ".username");
            case "passwordFile" -> file = string(be.value(), p + ".passwordFile");
            default -> layers.unknownKey(be, p + "." + be.key(), BASIC_KEYS);
          }
        }
        if (user == null || file == null) {
          problems.add(e.value(), p, "must have both username and passwordFile");
          return null;
        }
        return new String[] {null, user, file};
      }
      default -> {
        layers.unknownKey(e, p, AUTH_KEYS);
        return null;
      }
    }
  }

  private Duration duration(YamlNode node, String path, Range range) {
    if (node instanceof Scalar sc
        && (sc.type() == Scalar.Type.STRING || sc.type() == Scalar.Type.INT)) {
      Duration d = Durations.parseOrNull(sc.text());
      if (d != null && range.contains(d)) {
        return d;
      }
    }
    problems.add(
        node, path, "= " + node.describe() + ", must be " + Durations.SYNTAX + " in " + range);
    return null;
  }

  private String string(YamlNode node, String path) {
    if (node instanceof Scalar s && s.type() == Scalar.Type.STRING && !s.text().isBlank()) {
      return s.text();
    }
    problems.add(node, path, "= " + node.describe() + ", must be a non-empty string");
    return null;
  }
}
