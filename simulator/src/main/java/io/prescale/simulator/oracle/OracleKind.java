package io.prescale.simulator.oracle;

import java.util.Locale;

/** The two oracle policies, by their command-line names. */
public enum OracleKind {
  /** Pre-warms each instance a cold-start delay before it is needed: zero cold starts. */
  ORACLE("oracle"),
  /** Never pre-warms; keeps an idle instance only when its next request comes soon enough. */
  KEEPALIVE("oracle-keepalive");

  private final String wireName;

  OracleKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The oracle a policy name means, or null when the name is not an oracle. */
  public static OracleKind of(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (OracleKind k : values()) {
      if (k.wireName.equals(n)) {
        return k;
      }
    }
    return null;
  }
}
