package io.prescale.collector.scrape;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A strict, bounded parser of the Prometheus text exposition format 0.0.4 (what {@code
 * client_golang} and the OpenCensus Prometheus exporter serve; the OpenMetrics {@code # EOF} line
 * ends it). The Prometheus Java client only writes this format, and Maven Central holds no
 * maintained Java parser of it, so this is a small one (see docs/collector.md, "Prometheus
 * sources").
 *
 * <p>Grammar: lines separated by {@code \n}, the last one too; empty lines and comments other than
 * {@code # TYPE} are skipped; a sample is {@code name[{label="value",...}] value [timestamp]} with
 * label values escaped as {@code \\}, {@code \"}, {@code \n}, values as Go floats ({@code NaN},
 * {@code +Inf}, {@code -Inf}, case-insensitive; no hex floats). Histogram and summary samples
 * ({@code _bucket}, {@code _sum}, {@code _count}) belong to the family whose {@code # TYPE} names
 * their base. Only families {@code wanted} accepts are kept (the rest is checked and dropped), so
 * memory is bounded by what the caller keeps and by {@link Limits}. Anything malformed fails the
 * whole body with {@link ExpositionException} naming the line and column: a scrape is all or
 * nothing.
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
    Set<String> helped = new HashSet<>();
    Set<String> sampled = new HashSet<>();
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
      int stop = end; // no \r stripping: Prometheus refuses CRLF bodies too
      if (stop - pos > limits.maxLineChars()) {
        throw new ExpositionException(
            lineNo, 1, "line is " + (stop - pos) + " characters, at most " + limits.maxLineChars());
      }
      String line = text.substring(pos, stop);
      pos = end + 1;
      int first = blanks(line, 0);
      if (first == line.length()) {
        continue;
      }
      if (end == n) {
        throw new ExpositionException(
            lineNo, line.length() + 1, "unexpected end of input: the last line must end with \\n");
      }
      if (line.charAt(first) == '#') {
        if (comment(line, lineNo, types, helped, sampled)) {
          break; // # EOF
        }
        continue;
      }
      if (++samples > limits.maxSamples()) {
        throw new ExpositionException(lineNo, 1, "more than " + limits.maxSamples() + " samples");
      }
      LineParser lp = new LineParser(line, lineNo, limits);
      Sample s = lp.sample();
      String family = familyOf(s.name(), types);
      sampled.add(family);
      Type type = types.getOrDefault(family, Type.UNTYPED);
      String bound =
          type == Type.HISTOGRAM && s.name().endsWith("_bucket")
              ? "le"
              : type == Type.SUMMARY && s.name().equals(family) ? "quantile" : null;
      if (bound != null && s.labels().containsKey(bound)) {
        lp.bound(bound, s.labels().get(bound));
      }
      if (!wanted.test(family)) {
        continue;
      }
      out.computeIfAbsent(family, f -> new Family(f, type, new ArrayList<>())).samples().add(s);
    }
    return out;
  }

  /**
   * Handles a comment line as Prometheus's text parser does; true for {@code # EOF}. A comment
   * other than {@code # HELP} and {@code # TYPE} is free text; a {@code HELP} or {@code TYPE} line
   * that ends after its keyword or its metric name is ignored; otherwise the name must be valid, a
   * HELP text may only escape {@code \\} and {@code \n}, and a TYPE (case-insensitive) must be
   * known, appear once per family and before the family's samples.
   */
  private static boolean comment(
      String line, int lineNo, Map<String, Type> types, Set<String> helped, Set<String> sampled)
      throws ExpositionException {
    int n = line.length();
    int i = blanks(line, line.indexOf('#') + 1);
    int k = i;
    while (k < n && line.charAt(k) != ' ' && line.charAt(k) != '\t') {
      k++;
    }
    String keyword = line.substring(i, k);
    if (k == n) {
      return keyword.equals("EOF");
    }
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      return false;
    }
    i = blanks(line, k);
    k = i;
    while (k < n && LineParser.nameChar(line.charAt(k), k == i, true)) {
      k++;
    }
    if (k == n) {
      return false; // the line ends after the name: nothing to check
    }
    if (line.charAt(k) != ' ' && line.charAt(k) != '\t') {
      throw new ExpositionException(lineNo, k + 1, "invalid metric name in comment");
    }
    String name = line.substring(i, k);
    i = blanks(line, k);
    if (i == n) {
      return false;
    }
    String rest = line.substring(i);
    if (keyword.equals("TYPE")) {
      rest = rest.replace("\\", ""); // Prometheus's parser drops backslashes in a TYPE
    }
    if (keyword.equals("HELP")) {
      for (int e = rest.indexOf('\\'); e >= 0; e = rest.indexOf('\\', e + 2)) {
        char c = e + 1 < rest.length() ? rest.charAt(e + 1) : ' ';
        if (c != '\\' && c != 'n') {
          throw new ExpositionException(
              lineNo, i + e + 1, "invalid escape sequence in HELP: only \\\\ and \\n");
        }
      }
      if (!helped.add(name)) {
        throw new ExpositionException(lineNo, 1, "second HELP line for " + name);
      }
      return false;
    }
    Type t =
        switch (rest.toLowerCase(Locale.ROOT)) {
          case "counter" -> Type.COUNTER;
          case "gauge" -> Type.GAUGE;
          case "histogram" -> Type.HISTOGRAM;
          case "summary" -> Type.SUMMARY;
          case "untyped", "gauge_histogram" -> Type.UNTYPED;
          default ->
              throw new ExpositionException(
                  lineNo,
                  i + 1,
                  "type \"" + rest + "\" must be counter, gauge, histogram, summary or untyped");
        };
    if (types.putIfAbsent(name, t) != null || sampled.contains(name)) {
      throw new ExpositionException(
          lineNo, 1, "second # TYPE line for " + name + ", or # TYPE after its samples");
    }
    return false;
  }

  private static int blanks(String s, int from) {
    int i = from;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
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
      skipBlanks();
      if (i < s.length() && s.charAt(i) == '{') {
        labels = labels();
        skipBlanks();
      }
      // as Prometheus reads it, the value may follow the name or the } without a space
      if (i >= s.length()) {
        throw error("expected a value");
      }
      double value = number(token());
      if (i < s.length()) { // a blank after the value: a timestamp must follow, then nothing
        skipBlanks();
        String ts = token();
        try {
          Long.parseLong(ts); // validated, then unused: points are stamped with the scrape time
        } catch (NumberFormatException e) {
          throw error("timestamp \"" + ts + "\" must be integer milliseconds");
        }
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

    static boolean nameChar(char c, boolean first, boolean metric) {
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

    /** A histogram's {@code le} or a summary's {@code quantile} must be a number. */
    void bound(String label, String value) throws ExpositionException {
      try {
        number(value);
      } catch (ExpositionException e) {
        throw new ExpositionException(
            lineNo, 1, "label " + label + " = \"" + value + "\" must be a number");
      }
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
