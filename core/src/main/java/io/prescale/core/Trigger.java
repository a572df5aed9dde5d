package io.prescale.core;

import java.util.Locale;

/** What started an invocation, as the FaaS semantic conventions' {@code faas.trigger} says. */
public enum Trigger {
  DATASOURCE,
  HTTP,
  PUBSUB,
  TIMER,
  OTHER;

  /**
   * Parses a {@code faas.trigger} value (or an Azure trace trigger name); unknown values map to
   * OTHER.
   */
  public static Trigger parse(String value) {
    if (value == null) {
      return OTHER;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "datasource":
      case "storage":
        return DATASOURCE;
      case "http":
        return HTTP;
      case "pubsub":
      case "queue":
      case "event":
        return PUBSUB;
      case "timer":
        return TIMER;
      default:
        return OTHER;
    }
  }

  /** The lower-case wire value. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
