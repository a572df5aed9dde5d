package io.prescale.collector.scrape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A strict, bounded parser of the Prometheus text exposition format 0.0.4 (what {@code
 * client_golang} and the OpenCensus Prometheus exporter serve; the OpenMetrics {@code # EOF} line
 * ends it). The Prometheus Java client only writes this format, and Maven Central holds no
 * maintained Java parser of it, so this is a small one (see docs/collector.md, "Prometheus
 * sources").
 *
 * <p>Grammar: lines separated by {@code \n} (a trailing {@code \r} is dropped); empty lines and
 * comments other than {@code # TYPE} are skipped; a sample is {@code name[{label="value",...}]
 * value [timestamp]} with label values escaped as {@code \\}, {@code \"}, {@code \n}, values as Go
 * floats ({@code NaN}, {@code +Inf}, {@code -Inf}, case-insensitive; no hex floats). Histogram and
 * summary samples ({@code _bucket}, {@code _sum}, {@code _count}) belong to the family whose {@code
 * # TYPE} names their base. Only families {@code wanted} accepts are kept (the rest is checked and
 * dropped), so memory is bounded by what the caller keeps and by {@link Limits}. Anything malformed
 * fails the whole body with {@link ExpositionException} naming the line and column: a scrape is all
 * or nothing.
 */
public final class Exposition {

  /** The metric types of {@code # TYPE}. */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM,
    SUMMARY,
    UNTYPED
  }

  /** One sample: the full sample name (with any {@code _bucket} suffix), labels, value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A family: its name, type and kept samples in exposition order. */
  public record Family(String name, Type type, List<Sample> samples) {}

  /**
   * Bounds of one body.
   *
   * @param maxSamples samples in the body (kept or not)
   * @param maxLabels label pairs on one sample
   * @param maxLineChars characters on one line
   */
  public record Limits(int maxSamples, int maxLabels, int maxLineChars) {
    public static final Limits DEFAULT = new Limits(200_000, 64, 65_536);
  }

  private final Limits limits;

  public Exposition(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The families of {@code text} that {@code wanted} accepts, in order of first appearance. */
  public Map<String, Family> parse(String text, Predicate<String> wanted)
      throws ExpositionException {
    Map<String, Type> types = new LinkedHashMap<>();
    Map<String, Family> out = new LinkedHashMap<>();
    int samples = 0;
    int lineNo = 0;
    int pos = 0;
    int n = text.length();
    while (pos < n) {
      lineNo++;
      int end = text.indexOf('\n', pos);
      if (end < 0) {
        end = n;
      }
      int stop = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
      if (stop - pos > limits.maxLineChars()) {
        throw new ExpositionException(
            lineNo, 1, "line is " + (stop - pos) + " characters, at most " + limits.maxLineChars());
      }
      String line = text.substring(pos, stop);
      pos = end + 1;
      if (line.isBlank()) {
        continue;
      }
      if (line.charAt(0) == '#') {
        if (comment(line, lineNo, types)) {
          break; // # EOF
        }
        continue;
      }
      if (++samples > limits.maxSamples()) {
        throw new ExpositionException(lineNo, 1, "more than " + limits.maxSamples() + " samples");
      }
      Sample s = new LineParser(line, lineNo, limits).sample();
      String family = familyOf(s.name(), types);
      if (!wanted.test(family)) {
        continue;
      }
      Type type = types.getOrDefault(family, Type.UNTYPED);
      out.computeIfAbsent(family, f -> new Family(f, type, new ArrayList<>())).samples().add(s);
    }
    return out;
  }

  /** Handles a comment line; true for {@code # EOF}. */
  private static boolean comment(String line, int lineNo, Map<String, Type> types)
      throws ExpositionException {
    String[] parts = line.substring(1).trim().split("[ \t]+", 4);
    if (parts.length == 1 && parts[0].equals("EOF")) {
      return true;
    }
    if (parts.length < 2 || !parts[0].equals("TYPE")) {
      return false; // HELP, UNIT and free comments
    }
    if (parts.length != 3) {
      throw new ExpositionException(lineNo, 1, "# TYPE must be followed by a name and a type");
    }
    String name = parts[1];
    if (!LineParser.validName(name)) {
      throw new ExpositionException(lineNo, 8, "metric name \"" + name + "\" is not valid");
    }
    Type t =
        switch (parts[2]) {
          case "counter" -> Type.COUNTER;
          case "gauge" -> Type.GAUGE;
          case "histogram" -> Type.HISTOGRAM;
          case "summary" -> Type.SUMMARY;
          case "untyped", "unknown" -> Type.UNTYPED;
          default ->
              throw new ExpositionException(
                  lineNo,
                  line.lastIndexOf(parts[2]) + 1,
                  "type \""
                      + parts[2]
                      + "\" must be counter, gauge, histogram, summary or untyped");
        };
    if (types.putIfAbsent(name, t) != null) {
      throw new ExpositionException(lineNo, 1, "second # TYPE line for " + name);
    }
    return false;
  }

  /** The family a sample belongs to: its base when a histogram or summary declares it. */
  static String familyOf(String sample, Map<String, Type> types) {
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        Type t = types.get(base);
        if (t == Type.HISTOGRAM || (t == Type.SUMMARY && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    return sample;
  }

  /** Parses one sample line. */
  private static final class LineParser {
    private final String s;
    private final int lineNo;
    private final Limits limits;
    private int i;

    LineParser(String s, int lineNo, Limits limits) {
      this.s = s;
      this.lineNo = lineNo;
      this.limits = limits;
    }

    Sample sample() throws ExpositionException {
      skipBlanks();
      String name = name(true);
      Map<String, String> labels = Map.of();
      int afterName = i;
      skipBlanks();
      boolean hasLabels = i < s.length() && s.charAt(i) == '{';
      if (hasLabels) {
        labels = labels(); // the value may follow the } directly, as Prometheus reads it
        skipBlanks();
      }
      if ((!hasLabels && i == afterName) || i >= s.length()) {
        throw error("expected a space and a value");
      }
      double value = number(token());
      skipBlanks();
      if (i < s.length()) {
        String ts = token();
        try {
          Long.parseLong(ts); // validated, then unused: points are stamped with the scrape time
        } catch (NumberFormatException e) {
          throw error("timestamp \"" + ts + "\" must be integer milliseconds");
        }
        skipBlanks();
        if (i < s.length()) {
          throw error("unexpected text after the timestamp");
        }
      }
      return new Sample(name, labels, value);
    }

    private Map<String, String> labels() throws ExpositionException {
      i++; // {
      Map<String, String> labels = new LinkedHashMap<>();
      while (true) {
        skipBlanks();
        if (i < s.length() && s.charAt(i) == '}') {
          i++;
          return labels;
        }
        int at = i;
        String key = name(false);
        skipBlanks();
        expect('=');
        skipBlanks();
        String value = quoted();
        if (labels.put(key, value) != null) {
          throw new ExpositionException(lineNo, at + 1, "label " + key + " appears twice");
        }
        if (labels.size() > limits.maxLabels()) {
          throw error("more than " + limits.maxLabels() + " labels");
        }
        skipBlanks();
        if (i < s.length() && s.charAt(i) == ',') {
          i++;
        } else if (i >= s.length() || s.charAt(i) != '}') {
          throw error("expected , or } in the label set");
        }
      }
    }

    private String quoted() throws ExpositionException {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c == '\\') {
          if (i >= s.length()) {
            break;
          }
          char e = s.charAt(i++);
          switch (e) {
            case '\\' -> b.append('\\');
            case '"' -> b.append('"');
            case 'n' -> b.append('\n');
            default -> throw error("escape \\" + e + " must be \\\\, \\\" or \\n");
          }
        } else {
          b.append(c);
        }
      }
      throw error("label value is not closed by \"");
    }

    private String name(boolean metric) throws ExpositionException {
      int start = i;
      while (i < s.length() && nameChar(s.charAt(i), i == start, metric)) {
        i++;
      }
      if (i == start) {
        throw error(metric ? "expected a metric name" : "expected a label name");
      }
      return s.substring(start, i);
    }

    static boolean validName(String n) {
      if (n.isEmpty()) {
        return false;
      }
      for (int k = 0; k < n.length(); k++) {
        if (!nameChar(n.charAt(k), k == 0, true)) {
          return false;
        }
      }
      return true;
    }

    private static boolean nameChar(char c, boolean first, boolean metric) {
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      if (metric) {
        letter |= c == ':';
      }
      return letter || (!first && c >= '0' && c <= '9');
    }

    private String token() {
      int start = i;
      while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
        i++;
      }
      return s.substring(start, i);
    }

    /**
     * A value as Prometheus's text parser reads it (Go's {@code strconv.ParseFloat}, refusing hex
     * floats and underscores): decimal, {@code inf}/{@code infinity} with an optional sign and
     * {@code nan}, case insensitive.
     */
    private double number(String t) throws ExpositionException {
      switch (t.toLowerCase(Locale.ROOT)) {
        case "nan":
          return Double.NaN;
        case "+inf", "inf", "+infinity", "infinity":
          return Double.POSITIVE_INFINITY;
        case "-inf", "-infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
      boolean plain = !t.isEmpty();
      for (int k = 0; k < t.length() && plain; k++) {
        char c = t.charAt(k);
        plain = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
      }
      if (plain) {
        try {
          return Double.parseDouble(t);
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new ExpositionException(
          lineNo, i - t.length() + 1, "value \"" + t + "\" is not a number");
    }

    private void expect(char c) throws ExpositionException {
      if (i >= s.length() || s.charAt(i) != c) {
        throw error("expected " + c);
      }
      i++;
    }

    private boolean blank() {
      return i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t');
    }

    private void skipBlanks() {
      while (blank()) {
        i++;
      }
    }

    private ExpositionException error(String message) {
      return new ExpositionException(lineNo, i + 1, message);
    }
  }
}
