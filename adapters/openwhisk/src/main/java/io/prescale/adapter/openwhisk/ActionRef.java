package io.prescale.adapter.openwhisk;

import io.prescale.adapter.spi.Target;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenWhisk action as a binding target names it: {@code namespace} ({@code _}, the API key's own
 * namespace, when absent) and {@code action}, {@code NAME} or {@code PACKAGE/NAME}; the function
 * key {@code namespace/[package/]action} (the {@code path} annotation of its activations, which the
 * {@code openwhisk} source uses as the key) maps to the same pair.
 */
record ActionRef(String namespace, String action) {
  static final String DEFAULT_NAMESPACE = "_";

  /** The target's problems: {@code action} is required, one or two non-empty segments. */
  static List<String> problems(Target target) {
    List<String> out = new ArrayList<>();
    String action = target.get("action", null);
    if (action == null) {
      out.add(
          "adapter openwhisk target key 'action' is missing; set it to the action's name"
              + " (NAME or PACKAGE/NAME), or leave the target empty to derive it from the function"
              + " key namespace/[package/]action");
      return out;
    }
    String[] parts = action.split("/", -1);
    boolean empty = false;
    for (String p : parts) {
      empty |= p.isBlank();
    }
    if (parts.length > 2 || empty) {
      out.add(
          "adapter openwhisk target key 'action' = "
              + action
              + ", must be NAME or PACKAGE/NAME (the namespace goes in 'namespace')");
    }
    String ns = target.get("namespace", DEFAULT_NAMESPACE);
    if (ns.contains("/")) {
      out.add("adapter openwhisk target key 'namespace' = " + ns + ", must not contain '/'");
    }
    return out;
  }

  static ActionRef of(Target target) {
    List<String> p = problems(target);
    if (!p.isEmpty()) {
      throw new IllegalArgumentException(p.get(0));
    }
    return new ActionRef(target.get("namespace", DEFAULT_NAMESPACE), target.require("action"));
  }

  /**
   * The target for {@code function} when the binding names no action: {@code ns/action} or {@code
   * ns/package/action}; a key without a {@code /} is an action of the key's own namespace.
   */
  static Map<String, String> derive(Map<String, String> target, String function) {
    if (target.containsKey("action")) {
      return target;
    }
    Map<String, String> out = new LinkedHashMap<>(target);
    int slash = function.indexOf('/');
    if (slash < 0) {
      out.put("action", function);
    } else {
      out.putIfAbsent("namespace", function.substring(0, slash));
      out.put("action", function.substring(slash + 1));
    }
    return out;
  }

  /** {@code /api/v1/namespaces/{ns}/actions/[{package}/]{name}}, each segment encoded. */
  String path() {
    StringBuilder b = new StringBuilder("/api/v1/namespaces/").append(encode(namespace));
    b.append("/actions");
    for (String segment : action.split("/")) {
      b.append('/').append(encode(segment));
    }
    return b.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return namespace + "/" + action;
  }
}
