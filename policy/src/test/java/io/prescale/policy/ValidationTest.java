package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: each case is one or more text edits of {@link #VALID} and the exact messages, with
 * line and column, that {@code prescale policy validate} prints for the result.
 */
class ValidationTest {
  static final String VALID =
      String.join(
          "\n",
          "defaults:", // 1
          "  mode: predictive", // 2
          "  minInstances: 0", // 3
          "  maxInstances: 100", // 4
          "  targetUtilization: 0.7", // 5
          "  scaleToZero: { enabled: true, grace: 30s }", // 6
          "  window: { stable: 60s, panicPercentage: 10, panicThreshold: 200 }", // 7
          "policies:", // 8
          "  - name: checkout", // 9
          "    match: { function: \"shop/checkout-*\", labels: { k8s.namespace.name: shop } }", // 10
          "    minInstances: 2", // 11
          "    schedules:", // 12
          "      - { days: mon-fri, from: \"08:00\", to: \"18:00\", timezone: Europe/Berlin, minInstances: 5 }", // 13
          "    adapter: { name: kubernetes, target: { namespace: shop, deployment: checkout } }", // 14
          "");

  /** A text edit: {@code from} must occur exactly once in the text. */
  record Edit(String from, String to) {}

  static Edit edit(String from, String to) {
    return new Edit(from, to);
  }

  static Arguments when(String name, List<Edit> edits, String... expected) {
    return Arguments.of(name, edits, List.of(expected));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        when(
            "misspelt key gets a did-you-mean",
            List.of(edit("  maxInstances: 100", "  maxInstnaces: 100")),
            "policy.yaml:4:3: defaults.maxInstnaces: unknown key; did you mean maxInstances?"),
        when(
            "value out of range names the range",
            List.of(edit("targetUtilization: 0.7", "targetUtilization: 1.5")),
            "policy.yaml:5:22: defaults.targetUtilization = 1.5, must be in (0; 1]"),
        when(
            "integer expected",
            List.of(edit("maxInstances: 100", "maxInstances: 10.5")),
            "policy.yaml:4:17: defaults.maxInstances = 10.5, must be an integer in [1; 2147483647]"),
        when(
            "minInstances above maxInstances in one layer",
            List.of(edit("minInstances: 0", "minInstances: 500")),
            "policy.yaml:3:17: defaults.minInstances = 500, must be <= maxInstances (100)"),
        when(
            "rule minInstances above the inherited maxInstances",
            List.of(edit("    minInstances: 2", "    minInstances: 101")),
            "policy.yaml:11:19: policies[0].minInstances = 101, must be <= maxInstances (100, from defaults)"),
        when(
            "schedule minInstances above the inherited maxInstances",
            List.of(edit("minInstances: 5 }", "minInstances: 500 }")),
            "policy.yaml:13:93: policies[0].schedules[0].minInstances = 500, must be <= maxInstances (100, from defaults)"),
        when(
            "unknown mode with suggestion",
            List.of(edit("mode: predictive", "mode: predictve")),
            "policy.yaml:2:9: defaults.mode = \"predictve\", must be one of: fixed, hpa, hybrid-histogram, "
                + "keda, keepalive, kpa, off, predictive, shadow; did you mean predictive?"),
        when(
            "unquoted off is a YAML boolean",
            List.of(edit("mode: predictive", "mode: off")),
            "policy.yaml:2:9: defaults.mode = off, must be one of: fixed, hpa, hybrid-histogram, "
                + "keda, keepalive, kpa, off, predictive, shadow; YAML reads unquoted off as a boolean: write \"off\" in quotes"),
        when(
            "duration without unit",
            List.of(edit("grace: 30s", "grace: 30")),
            "policy.yaml:6:40: defaults.scaleToZero.grace = 30, must be a duration like 500ms, 30s, 5m, 1h30m, 2d, 1.5s or PT90S in [0s; 1h]"),
        when(
            "duration out of range",
            List.of(edit("stable: 60s", "stable: 2s")),
            "policy.yaml:7:21: defaults.window.stable = \"2s\", must be in [6s; 1h]"),
        when(
            "misspelt nested key",
            List.of(edit("panicThreshold: 200", "panicTreshold: 200")),
            "policy.yaml:7:47: defaults.window.panicTreshold: unknown key; did you mean panicThreshold?"),
        when(
            "duplicate key",
            List.of(edit("  minInstances: 0\n", "  minInstances: 0\n  minInstances: 1\n")),
            "policy.yaml:4:3: defaults.minInstances: duplicate key (first defined at line 3, column 3)"),
        when(
            "misspelt top-level key",
            List.of(edit("policies:", "polices:")),
            "policy.yaml:8:1: polices: unknown key; did you mean policies?"),
        when(
            "bad schedule time",
            List.of(edit("from: \"08:00\"", "from: \"25:00\"")),
            "policy.yaml:13:32: policies[0].schedules[0].from = \"25:00\", must be a time \"HH:MM\" in [\"00:00\"; \"23:59\"]"),
        when(
            "empty schedule window",
            List.of(edit("to: \"18:00\"", "to: \"08:00\"")),
            "policy.yaml:13:45: policies[0].schedules[0].to = \"08:00\", must differ from from (\"08:00\"); "
                + "for whole days write from: \"00:00\", to: \"24:00\""),
        when(
            "bad days",
            List.of(edit("days: mon-fri", "days: mon-fry")),
            "policy.yaml:13:17: policies[0].schedules[0].days = \"mon-fry\", must be days like mon-fri, sat,sun, "
                + "mon-wed,fri, daily, weekdays or weekends"),
        when(
            "unknown time zone",
            List.of(edit("timezone: Europe/Berlin", "timezone: Europe/Berln")),
            "policy.yaml:13:64: policies[0].schedules[0].timezone = \"Europe/Berln\", must be an IANA time zone "
                + "such as Europe/Berlin, America/New_York or UTC; did you mean Europe/Berlin?"),
        when(
            "overlapping schedules in one rule",
            List.of(
                edit(
                    "minInstances: 5 }\n",
                    "minInstances: 5 }\n"
                        + "      - { days: fri, from: \"17:00\", to: \"20:00\", timezone: Europe/Berlin, minInstances: 3 }\n")),
            "policy.yaml:14:9: policies[0].schedules[1]: overlaps schedules[0] (mon-fri 08:00-18:00 Europe/Berlin): "
                + "both are open at Fri 2026-01-02 17:00 Europe/Berlin; schedules of one rule must not overlap"),
        when(
            "schedules overlapping across midnight and time zones",
            List.of(
                edit(
                    "days: mon-fri, from: \"08:00\", to: \"18:00\", timezone: Europe/Berlin",
                    "days: mon, from: \"22:00\", to: \"06:00\", timezone: Europe/Berlin"),
                edit(
                    "minInstances: 5 }\n",
                    "minInstances: 5 }\n"
                        + "      - { days: tue, from: \"04:30\", to: \"05:00\", timezone: UTC, minInstances: 3 }\n")),
            "policy.yaml:14:9: policies[0].schedules[1]: overlaps schedules[0] (mon 22:00-06:00 Europe/Berlin): "
                + "both are open at Tue 2026-01-06 04:30 UTC; schedules of one rule must not overlap"),
        when(
            "unknown adapter",
            List.of(edit("name: kubernetes", "name: kubernets")),
            "policy.yaml:14:22: policies[0].adapter.name = \"kubernets\", must be one of: aws-asg, aws-lambda, "
                + "azure-functions, dry-run, gcp-cloud-run, keda, knative, kubernetes, openfaas, webhook; did you"
                + " mean kubernetes?"),
        when(
            "misspelled forecast model",
            List.of(
                edit(
                    "  mode: predictive",
                    "  mode: predictive\n  forecast: { models: [seasonal-naive, holt-winter] }")),
            "policy.yaml:3:40: defaults.forecast.models[1] = \"holt-winter\", must be one of: ewma, holt-winters, "
                + "linear-trend, seasonal-naive; did you mean holt-winters?"),
        when(
            "forecast model that is no registered model",
            List.of(
                edit("  mode: predictive", "  mode: predictive\n  forecast: { models: [ets] }")),
            "policy.yaml:3:24: defaults.forecast.models[0] = \"ets\", must be one of: ewma, holt-winters, "
                + "linear-trend, seasonal-naive"),
        when(
            "adapter inside a schedule",
            List.of(edit("minInstances: 5 }", "minInstances: 5, adapter: { name: webhook } }")),
            "policy.yaml:13:96: policies[0].schedules[0].adapter: adapter cannot be set in a schedule; set it on the rule"),
        when(
            "rule keys in defaults and schedule keys in a rule",
            List.of(
                edit("  mode: predictive\n", "  mode: predictive\n  match: { function: x }\n"),
                edit("    minInstances: 2\n", "    minInstances: 2\n    timezone: UTC\n")),
            "policy.yaml:3:3: defaults.match: is only allowed in a rule (an entry of policies)",
            "policy.yaml:13:5: policies[0].timezone: is only allowed in a schedule (an entry of a rule's schedules)"),
        when(
            "misspelt rule name key: two errors at once",
            List.of(edit("  - name: checkout", "  - nme: checkout")),
            "policy.yaml:9:5: policies[0]: missing required key name",
            "policy.yaml:9:5: policies[0].nme: unknown key; did you mean name?"),
        when(
            "duplicate rule names",
            List.of(
                edit(
                    "    adapter: { name: kubernetes, target: { namespace: shop, deployment: checkout } }\n",
                    "    adapter: { name: kubernetes, target: { namespace: shop, deployment: checkout } }\n"
                        + "  - name: checkout\n    minInstances: 1\n")),
            "policy.yaml:15:5: policies[1].name = \"checkout\", must be unique (also policies[0] at line 9)"),
        when(
            "every error of a file at once",
            List.of(
                edit("maxInstances: 100", "maxInstances: 0"),
                edit("0.7", "0"),
                edit("labels: {", "lables: {")),
            "policy.yaml:4:17: defaults.maxInstances = 0, must be in [1; 2147483647]",
            "policy.yaml:5:22: defaults.targetUtilization = 0, must be in (0; 1]",
            "policy.yaml:10:43: policies[0].match.lables: unknown key; did you mean labels?"),
        when(
            "YAML syntax error has a position",
            List.of(edit("mode: predictive", "mode: [predictive")),
            "policy.yaml:3:15: YAML syntax error: expected ',' or ']', but got : (while parsing a flow sequence)"),
        when(
            "tab indentation",
            List.of(edit("  mode: predictive", "\tmode: predictive")),
            "policy.yaml:2:1: YAML syntax error: found character '\\t(TAB)' that cannot start any token. "
                + "(Do not use \\t(TAB) for indentation) (while scanning for the next token)"),
        when(
            "aliases are refused",
            List.of(
                edit("maxInstances: 100", "maxInstances: &max 100"),
                edit("minInstances: 2", "minInstances: *max")),
            "policy.yaml:11:19: policies[0].minInstances = *max, must be an integer in [0; 2147483647]",
            "policy.yaml:11:19: policies[0].minInstances: alias *max is not supported; write the value out"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactly(String name, List<Edit> edits, List<String> expected) {
    String text = VALID;
    for (Edit e : edits) {
      int at = text.indexOf(e.from());
      assertEquals(at, text.lastIndexOf(e.from()), "edit must match once: " + e.from());
      if (at < 0) {
        throw new AssertionError("edit does not match: " + e.from());
      }
      text = text.replace(e.from(), e.to());
    }
    String input = text;
    PolicyException ex =
        assertThrows(
            PolicyException.class, () -> PolicyLoader.standard().parse(input, "policy.yaml"));
    assertEquals(expected, ex.errors().stream().map(PolicyError::toString).toList());
  }

  @Test
  void theBaseFileIsValid() throws PolicyException {
    assertEquals(
        List.of("checkout"), PolicyLoader.standard().parse(VALID, "policy.yaml").ruleNames());
  }

  @Test
  void emptyFileIsAnError() {
    PolicyException ex =
        assertThrows(PolicyException.class, () -> PolicyLoader.standard().parse("  \n", "p.yaml"));
    assertEquals(
        List.of("p.yaml:1:1: file is empty; expected a mapping with keys defaults and/or policies"),
        ex.errors().stream().map(PolicyError::toString).toList());
  }

  @Test
  void extraAdaptersModesAndModelsCanBeRegistered() throws PolicyException {
    String text =
        VALID.replace("name: kubernetes", "name: nomad").replace("mode: predictive", "mode: mine")
            + "    forecast: { models: [arima] }\n";
    assertThrows(PolicyException.class, () -> PolicyLoader.standard().parse(text, "p.yaml"));
    Policy p =
        PolicyLoader.standard()
            .withAdapters(List.of("nomad"))
            .withModes(List.of("mine"))
            .withModels(List.of("arima"))
            .parse(text, "p.yaml");
    assertEquals("mine", p.defaults().mode());
  }
}
