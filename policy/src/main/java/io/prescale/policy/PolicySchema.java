package io.prescale.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import java.util.Collection;
import java.util.List;

/**
 * The JSON Schema of policy files, generated from the settings table ({@link Setting}) and the
 * names a loader knows (the registered modes, adapters and forecast models), as Strimzi generates
 * its CRDs from its model. The committed {@code policy.schema.json} is this output for the standard
 * loader; {@code PolicySchemaTest} fails when they differ and rewrites the file with {@code
 * -Dprescale.schema.write=true}.
 */
public final class PolicySchema {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String NAME_PATTERN = "^[a-z0-9][a-z0-9-]*$";
  private static final String TIME = "([01]?[0-9]|2[0-3]):[0-5][0-9]";
  private static final String DAY = "(mon|tue|wed|thu|fri|sat|sun)[a-z]*";
  private static final String DAY_RANGE = DAY + "(-" + DAY + ")?";

  private PolicySchema() {}

  /** The schema for policies read by {@code loader}, as pretty-printed JSON ending in a newline. */
  public static String generate(PolicyLoader loader) {
    ObjectNode root = JSON.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("title", "Prescale scaling policy");
    root.put(
        "description",
        "Defaults for every function and ordered rules; the first rule whose match"
            + " fits a function wins. Checked exactly by `prescale policy validate`; this schema is for editors.");
    root.put("type", "object");
    root.put("additionalProperties", false);
    ObjectNode props = root.putObject("properties");

    ObjectNode defaults = closedObject();
    settings(defaults.putObject("properties"), loader, true);
    props
        .putObject("defaults")
        .set("anyOf", array(JSON.objectNode().put("type", "null"), defaults));
    ObjectNode rules = JSON.objectNode().put("type", "array");
    rules.putObject("items").put("$ref", "#/$defs/rule");
    props.putObject("policies").set("anyOf", array(JSON.objectNode().put("type", "null"), rules));
    props.set("sources", sources());

    ObjectNode defs = root.putObject("$defs");
    defs.set("adapter", adapter(loader.adapters()));
    defs.set("match", match());
    defs.set("schedule", schedule(loader));
    defs.set("rule", rule(loader));
    defs.set("source", source());
    try {
      return new ObjectMapper().writer(printer()).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code sources} section: source name to settings (values or lists of values); each source's
   * own keys are checked by {@code prescale policy validate}.
   */
  private static ObjectNode sources() {
    ObjectNode value = JSON.objectNode();
    ArrayNode scalar =
        array(
            JSON.objectNode().put("type", "string"),
            JSON.objectNode().put("type", "number"),
            JSON.objectNode().put("type", "boolean"));
    ObjectNode list = JSON.objectNode().put("type", "array").put("minItems", 1);
    list.putObject("items").set("anyOf", scalar.deepCopy());
    value.set("anyOf", scalar.deepCopy().add(list));
    ObjectNode source = JSON.objectNode().put("type", "object");
    source.set("additionalProperties", value);
    ObjectNode out =
        JSON.objectNode()
            .put(
                "description",
                "Telemetry sources Prescale pulls from, by name (openwhisk: apiHost, authFile,"
                    + " namespaces, ...; prometheus: a list of scrape sources); checked by"
                    + " `prescale policy validate`.");
    ObjectNode map = JSON.objectNode().put("type", "object");
    ObjectNode prometheus =
        JSON.objectNode().put("type", "array").put("maxItems", PrometheusSourcesParser.MAX_SOURCES);
    prometheus.putObject("items").put("$ref", "#/$defs/source");
    map.putObject("properties")
        .putObject(SourcesParser.PROMETHEUS)
        .put("description", "Prometheus endpoints Prescale scrapes for platform series")
        .set("anyOf", array(JSON.objectNode().put("type", "null"), prometheus));
    map.set("additionalProperties", source);
    out.set("anyOf", array(JSON.objectNode().put("type", "null"), map));
    return out;
  }

  /** Every setting of the table, nested ones grouped; {@code adapter} only where allowed. */
  private static void settings(ObjectNode props, PolicyLoader loader, boolean withAdapter) {
    DeciderSpec defaults = DeciderSpec.defaults();
    for (Setting s : Setting.values()) {
      if (s == Setting.ADAPTER) {
        if (withAdapter) {
          props.putObject("adapter").put("$ref", "#/$defs/adapter");
        }
        continue;
      }
      ObjectNode node = setting(s, loader);
      Object value = s.of(defaults);
      if (value instanceof List<?> l) {
        ArrayNode a = node.putArray("default");
        l.forEach(v -> a.add(String.valueOf(v)));
      } else if (value instanceof Integer i) {
        node.put("default", i);
      } else if (value instanceof Double d) {
        number(node, "default", d);
      } else if (value instanceof Boolean b) {
        node.put("default", b);
      } else if (value != null) {
        node.put("default", Setting.format(value));
      }
      if (s.group() == null) {
        props.set(s.path, node);
      } else {
        ObjectNode group = (ObjectNode) props.get(s.group());
        if (group == null) {
          group = props.putObject(s.group());
          group.put("type", "object");
          group.put("additionalProperties", false);
          group.put("description", Setting.GROUPS.get(s.group()));
          group.putObject("properties");
        }
        ((ObjectNode) group.get("properties")).set(s.key(), node);
      }
    }
  }

  private static ObjectNode setting(Setting s, PolicyLoader loader) {
    ObjectNode n = JSON.objectNode();
    switch (s.kind) {
      case MODE -> {
        n.put(
            "description",
            s.description() + " More names are accepted when such deciders are installed.");
        n.set("anyOf", names(loader.modes()));
      }
      case INT -> {
        n.put("type", "integer");
        bounds(n, s.range);
        n.put("description", s.description());
      }
      case DOUBLE -> {
        n.put("type", "number");
        bounds(n, s.range);
        n.put("description", s.description());
      }
      case BOOL -> {
        n.put("type", "boolean");
        n.put("description", s.description());
      }
      case DURATION -> {
        duration(n);
        n.put("description", s.description());
      }
      case NAMES -> {
        n.put("type", "array");
        n.put("uniqueItems", true);
        n.putObject("items").set("anyOf", names(loader.models()));
        n.put(
            "description",
            s.description() + " More names are accepted when such models are installed.");
      }
      case AUTO_DURATION, AUTO_DOUBLE -> {
        n.put("description", s.description());
        ObjectNode value = JSON.objectNode();
        if (s.kind == Setting.Kind.AUTO_DURATION) {
          duration(value);
        } else {
          value.put("type", "number");
          bounds(value, s.range);
        }
        n.set("anyOf", array(JSON.objectNode().put("const", "auto"), value));
      }
      default -> throw new IllegalStateException("no schema for " + s);
    }
    return n;
  }

  private static void duration(ObjectNode n) {
    n.put("type", "string");
    n.put("pattern", Durations.PATTERN);
  }

  /** JSON Schema bounds of a numeric range; infinite ends are left out. */
  private static void bounds(ObjectNode n, Range r) {
    if (!Double.isInfinite(r.low())) {
      number(n, r.lowIncluded() ? "minimum" : "exclusiveMinimum", r.low());
    }
    if (!Double.isInfinite(r.high())) {
      number(n, r.highIncluded() ? "maximum" : "exclusiveMaximum", r.high());
    }
  }

  private static void number(ObjectNode n, String key, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      n.put(key, (long) v);
    } else {
      n.put(key, v);
    }
  }

  /** The registered names for completion, or any well-formed name (more may be installed). */
  private static ArrayNode names(Collection<String> known) {
    ArrayNode e = JSON.arrayNode();
    known.forEach(e::add);
    return array(
        JSON.objectNode().set("enum", e),
        JSON.objectNode().put("type", "string").put("pattern", NAME_PATTERN));
  }

  private static ObjectNode adapter(Collection<String> adapters) {
    ObjectNode a = closedObject();
    a.putArray("required").add("name");
    a.put("description", Setting.ADAPTER.description());
    ObjectNode props = a.putObject("properties");
    ObjectNode name = props.putObject("name");
    name.put(
        "description", "Adapter name. More names are accepted when such adapters are installed.");
    name.set("anyOf", names(adapters));
    ObjectNode target = props.putObject("target");
    target.put("type", "object");
    target.put(
        "description", "Adapter-specific target, e.g. {namespace: shop, deployment: checkout}.");
    target.set("additionalProperties", scalarValue());
    return a;
  }

  private static ObjectNode match() {
    ObjectNode m = closedObject();
    m.put("description", "Which functions the rule applies to; * matches any characters, ? one.");
    ObjectNode props = m.putObject("properties");
    ObjectNode pattern = JSON.objectNode().put("type", "string").put("minLength", 1);
    ObjectNode patterns = JSON.objectNode().put("type", "array");
    patterns.set("items", pattern.deepCopy());
    props.putObject("function").set("anyOf", array(pattern, patterns));
    ObjectNode labels = props.putObject("labels");
    labels.put("type", "object");
    labels.set("additionalProperties", scalarValue());
    return m;
  }

  private static ObjectNode schedule(PolicyLoader loader) {
    ObjectNode s = closedObject();
    s.putArray("required").add("from").add("to");
    s.put("minProperties", 3);
    s.put(
        "description",
        "A weekly window during which these settings apply; from inclusive, to exclusive;"
            + " to <= from crosses midnight.");
    ObjectNode props = s.putObject("properties");
    settings(props, loader, false);
    ObjectNode days = props.putObject("days");
    days.put("type", "string");
    days.put("description", "e.g. mon-fri, sat,sun, mon-wed,fri, daily, weekdays, weekends");
    days.put("default", "daily");
    days.put(
        "pattern",
        "^(daily|every day|\\*|weekdays|weekends|(" + DAY_RANGE + ")( *, *" + DAY_RANGE + ")*)$");
    props
        .putObject("from")
        .put("type", "string")
        .put("pattern", "^" + TIME + "$")
        .put("description", "Start, local time HH:MM in [00:00; 23:59].");
    props
        .putObject("to")
        .put("type", "string")
        .put("pattern", "^(" + TIME + "|24:00)$")
        .put("description", "End, local time HH:MM in [00:00; 24:00].");
    props
        .putObject("timezone")
        .put("type", "string")
        .put("description", "IANA time zone, e.g. Europe/Berlin; default UTC.")
        .put("default", "UTC");
    return s;
  }

  private static ObjectNode rule(PolicyLoader loader) {
    ObjectNode r = closedObject();
    r.putArray("required").add("name");
    ObjectNode props = r.putObject("properties");
    settings(props, loader, false);
    props.putObject("name").put("type", "string").put("minLength", 1).put("maxLength", 100);
    props.putObject("match").put("$ref", "#/$defs/match");
    props.putObject("adapter").put("$ref", "#/$defs/adapter");
    ObjectNode schedules = props.putObject("schedules").put("type", "array");
    schedules.putObject("items").put("$ref", "#/$defs/schedule");
    return r;
  }

  /** A {@code sources:} entry ({@link SourcesParser} checks it exactly). */
  private static ObjectNode source() {
    ObjectNode s = closedObject();
    s.put(
        "description",
        "Prometheus endpoints Prescale scrapes for platform series (OpenFaaS gateway, Knative"
            + " queue-proxy before 1.19); exactly one of static and kubernetes.");
    s.putArray("required").add("name");
    ObjectNode props = s.putObject("properties");
    props
        .putObject("name")
        .put("type", "string")
        .put("pattern", "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
        .put("description", "Unique; the source label of the scrape metrics.");
    ObjectNode url = JSON.objectNode().put("type", "string").put("pattern", "^https?://");
    ObjectNode urls = JSON.objectNode().put("type", "array").put("minItems", 1);
    urls.put("maxItems", PrometheusSourcesParser.MAX_URLS).set("items", url.deepCopy());
    props.putObject("static").set("anyOf", array(url, urls));
    ObjectNode k8s = props.putObject("kubernetes");
    k8s.put("type", "object").put("additionalProperties", false);
    k8s.putArray("required").add("port");
    ObjectNode kp = k8s.putObject("properties");
    kp.putObject("role").set("enum", JSON.arrayNode().add("pod").add("endpoints"));
    ObjectNode ns = JSON.objectNode().put("type", "string");
    ObjectNode nss = JSON.objectNode().put("type", "array");
    nss.set("items", ns.deepCopy());
    kp.putObject("namespaces").set("anyOf", array(ns, nss));
    kp.putObject("selector").put("type", "string");
    kp.putObject("port")
        .set(
            "anyOf",
            array(
                JSON.objectNode().put("type", "integer").put("minimum", 1).put("maximum", 65535),
                JSON.objectNode().put("type", "string")));
    kp.putObject("path").put("type", "string").put("pattern", "^/");
    kp.putObject("scheme").set("enum", JSON.arrayNode().add("http").add("https"));
    for (String d : new String[] {"interval", "timeout"}) {
      props.putObject(d).put("type", "string").put("pattern", Durations.PATTERN);
    }
    ObjectNode auth = props.putObject("auth");
    auth.put("type", "object").put("additionalProperties", false);
    auth.put("minProperties", 1).put("maxProperties", 1);
    ObjectNode ap = auth.putObject("properties");
    ap.putObject("bearerTokenFile").put("type", "string");
    ObjectNode basic = ap.putObject("basic");
    basic.put("type", "object").put("additionalProperties", false);
    basic.putArray("required").add("username").add("passwordFile");
    ObjectNode bp = basic.putObject("properties");
    bp.putObject("username").put("type", "string");
    bp.putObject("passwordFile").put("type", "string");
    return s;
  }

  private static ObjectNode closedObject() {
    return JSON.objectNode().put("type", "object").put("additionalProperties", false);
  }

  private static ObjectNode scalarValue() {
    ObjectNode v = JSON.objectNode();
    v.putArray("type").add("string").add("number").add("boolean");
    return v;
  }

  private static ArrayNode array(ObjectNode... items) {
    ArrayNode a = JSON.arrayNode();
    for (ObjectNode i : items) {
      a.add(i);
    }
    return a;
  }

  private static DefaultPrettyPrinter printer() {
    DefaultPrettyPrinter p =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    p.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    return p;
  }
}
