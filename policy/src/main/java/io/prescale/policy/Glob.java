package io.prescale.policy;

import java.util.regex.Pattern;

/**
 * A compiled function-name or label-value pattern: {@code *} matches any run of characters
 * (including {@code /}), {@code ?} exactly one; everything else matches itself.
 */
record Glob(String text, Pattern pattern) {

  static Glob compile(String text) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        re.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return new Glob(text, Pattern.compile(re.toString(), Pattern.DOTALL));
  }

  boolean matches(String s) {
    return pattern.matcher(s).matches();
  }

  @Override
  public String toString() {
    return '"' + text + '"';
  }
}
