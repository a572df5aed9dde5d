package io.prescale.policy;

/**
 * A function-name or label-value pattern: {@code *} matches any run of characters (including {@code
 * /}), {@code ?} exactly one; everything else matches itself. Matched without regular expressions,
 * in at most (pattern length x text length) steps: a long pattern or one with many {@code *} costs
 * no compilation and cannot backtrack catastrophically.
 */
record Glob(String text, int[] codePoints) {

  static Glob compile(String text) {
    return new Glob(text, text.codePoints().toArray());
  }

  boolean matches(String s) {
    int[] str = s.codePoints().toArray();
    int[] pat = codePoints;
    int p = 0;
    int i = 0;
    int star = -1;
    int resume = 0;
    while (i < str.length) {
      if (p < pat.length && pat[p] != '*' && (pat[p] == '?' || pat[p] == str[i])) {
        p++;
        i++;
      } else if (p < pat.length && pat[p] == '*') {
        star = p++;
        resume = i; // the star first matches nothing
      } else if (star >= 0) {
        p = star + 1;
        i = ++resume; // the last star takes one more character
      } else {
        return false;
      }
    }
    while (p < pat.length && pat[p] == '*') {
      p++;
    }
    return p == pat.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Glob g && g.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return '"' + text + '"';
  }
}
