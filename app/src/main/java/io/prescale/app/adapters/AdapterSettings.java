package io.prescale.app.adapters;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adapter-level settings from the environment: {@code PRESCALE_ADAPTER_<NAME>_<KEY>=value}, with
 * the adapter name and key upper-cased and dashes as underscores (for example {@code
 * PRESCALE_ADAPTER_OPENFAAS_GATEWAY}, {@code PRESCALE_ADAPTER_AWS_LAMBDA_ENDPOINT}, {@code
 * PRESCALE_ADAPTER_KEDA_PORT}), and Java system properties {@code prescale.adapter.<name>.<key>},
 * which win.
 */
final class AdapterSettings {
  private final Map<String, String> env;
  private final Map<String, String> props;

  AdapterSettings(Map<String, String> env, Map<String, String> props) {
    this.env = env;
    this.props = props;
  }

  Map<String, String> forAdapter(String name) {
    Map<String, String> out = new TreeMap<>();
    String envPrefix = "PRESCALE_ADAPTER_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    env.forEach(
        (k, v) -> {
          if (k.startsWith(envPrefix) && k.length() > envPrefix.length()) {
            out.put(k.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '-'), v);
          }
        });
    String propPrefix = "prescale.adapter." + name + ".";
    props.forEach(
        (k, v) -> {
          if (k.startsWith(propPrefix) && k.length() > propPrefix.length()) {
            out.put(k.substring(propPrefix.length()), v);
          }
        });
    return out;
  }
}
