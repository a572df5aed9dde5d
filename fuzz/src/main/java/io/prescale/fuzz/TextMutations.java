package io.prescale.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutations that know JSON and YAML text: a number replaced by a huge, negative, NaN or infinite
 * one, a string replaced by a long or odd one, a value nested thousands of levels deep, lines
 * duplicated, dropped or swapped, and (YAML) anchors and aliases, tabs and indentation changes.
 */
public final class TextMutations {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
  private static final Pattern STRING =
      Pattern.compile("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\""); // no backtracking: long strings
  private static final String[] NUMBERS = {
    "1e309",
    "-1e309",
    "-1",
    "0",
    "-0",
    "NaN",
    "\"NaN\"",
    "Infinity",
    "\"-Infinity\"",
    ".nan",
    ".inf",
    "-.inf",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "4.9e-324",
    "1e-400",
    "2147483648",
    "99999999999999999999999999999",
    "0x1F",
    "1_000",
    "\"12\"",
    "true",
    "null",
    "[]",
    "{}",
    "1.5"
  };
  private static final String[] STRINGS = {
    "\"\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"zz\"",
    "\"0\"",
    "\"abc\"",
    "\"0102030405060708090a0b0c0d0e0f10\"",
    "\"unknown_service:java\"",
    "null",
    "123",
    "\"SPAN_KIND_SERVER\"",
    "\"shop/*\"",
    "\"[\"",
    "\"mon-fri\"",
    "\"25:99\"",
    "\"Mars/Olympus\"",
    "\"-5s\"",
    "\"999999999999d\""
  };
  private static final String[] YAML_LINES = {
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n",
    "defaults: &d { mode: predictive }\npolicies: [ *d ]\n",
    "\t",
    "---\n",
    "? complex\n: key\n",
    "!!binary AAAA\n",
    "x: !!java.lang.Runtime {}\n",
    "%YAML 1.1\n",
    "<<: *a\n",
    "key: |\n  text\n",
    "'unterminated\n",
    "[{\n",
    "\uFEFF",
    "\r\n",
    "policies:\n  - name: a\n    name: b\n"
  };

  private TextMutations() {}

  /** One text-aware mutation of UTF-8 text (JSON when {@code yaml} is false). */
  public static byte[] mutate(Mutations m, byte[] in, boolean yaml) {
    Random r = m.random();
    String s = new String(in, StandardCharsets.UTF_8);
    String out =
        switch (r.nextInt(yaml ? 9 : 7)) {
          case 0 -> replaceMatch(r, s, NUMBER, NUMBERS);
          case 1 -> replaceMatch(r, s, STRING, STRINGS);
          case 2 -> nest(r, s, yaml);
          case 3 -> longString(r, s);
          case 4 -> lines(r, s);
          case 5 -> spliceLines(r, s, new String(m.other(), StandardCharsets.UTF_8));
          case 6 -> replaceMatch(r, s, yaml ? Pattern.compile("(?m):\\s.*$") : STRING, NUMBERS);
          case 7 -> insertLine(r, s, YAML_LINES[r.nextInt(YAML_LINES.length)]);
          default -> indent(r, s);
        };
    return Mutations.cap(out.getBytes(StandardCharsets.UTF_8));
  }

  private static String replaceMatch(Random r, String s, Pattern p, String[] choices) {
    List<int[]> hits = new ArrayList<>();
    Matcher mt = p.matcher(s);
    while (mt.find()) {
      hits.add(new int[] {mt.start(), mt.end()});
    }
    if (hits.isEmpty()) {
      return s;
    }
    int[] h = hits.get(r.nextInt(hits.size()));
    String with = choices[r.nextInt(choices.length)];
    if (p.pattern().startsWith("(?m)")) {
      with = ": " + with;
    }
    return s.substring(0, h[0]) + with + s.substring(h[1]);
  }

  /** A value wrapped in up to 20,000 levels of lists or mappings, at a random point. */
  private static String nest(Random r, String s, boolean yaml) {
    int depth = r.nextInt(4) == 0 ? 1000 + r.nextInt(20_000) : 1 + r.nextInt(200);
    boolean list = r.nextBoolean();
    String open = list ? "[" : (yaml ? "{a: " : "{\"a\":");
    String close = list ? "]" : "}";
    int at = r.nextInt(s.length() + 1);
    if (r.nextBoolean()) {
      int colon = s.indexOf(':', at);
      at = colon < 0 ? at : colon + 1;
    }
    boolean closed = r.nextInt(8) != 0;
    return s.substring(0, at)
        + open.repeat(depth)
        + "1"
        + (closed ? close.repeat(depth) : "")
        + s.substring(at);
  }

  private static String longString(Random r, String s) {
    int at = r.nextInt(s.length() + 1);
    int n = 1 + r.nextInt(r.nextBoolean() ? 100 : 200_000);
    String body =
        r.nextBoolean() ? "x".repeat(n) : "\u00e9\u20ac\ud83d\ude00".repeat(Math.max(1, n / 4));
    return s.substring(0, at) + body + s.substring(at);
  }

  private static String lines(Random r, String s) {
    List<String> l = new ArrayList<>(List.of(s.split("\n", -1)));
    if (l.size() < 2) {
      return s;
    }
    int i = r.nextInt(l.size());
    int j = r.nextInt(l.size());
    switch (r.nextInt(3)) {
      case 0 -> l.remove(i);
      case 1 -> l.add(j, l.get(i));
      default -> {
        String t = l.get(i);
        l.set(i, l.get(j));
        l.set(j, t);
      }
    }
    return String.join("\n", l);
  }

  private static String spliceLines(Random r, String s, String other) {
    String[] a = s.split("\n", -1);
    String[] b = other.split("\n", -1);
    int cut = r.nextInt(a.length + 1);
    int from = r.nextInt(b.length + 1);
    List<String> l = new ArrayList<>(List.of(a).subList(0, cut));
    l.addAll(List.of(b).subList(from, b.length));
    return String.join("\n", l);
  }

  private static String insertLine(Random r, String s, String line) {
    List<String> l = new ArrayList<>(List.of(s.split("\n", -1)));
    l.add(
        r.nextInt(l.size() + 1), line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
    return String.join("\n", l);
  }

  private static String indent(Random r, String s) {
    List<String> l = new ArrayList<>(List.of(s.split("\n", -1)));
    int i = r.nextInt(l.size());
    String t = l.get(i);
    l.set(i, r.nextBoolean() ? " ".repeat(1 + r.nextInt(3)) + t : t.stripLeading());
    return String.join("\n", l);
  }
}
