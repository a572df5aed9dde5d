package io.prescale.adapter.spi;

/**
 * What a target is set to, as read from the platform.
 *
 * @param configured the platform's desired/requested count, -1 when the adapter cannot read it
 * @param ready instances ready to serve, -1 when unknown
 * @param floor the platform's own lower bound (an Auto Scaling group's min), 0 when none
 * @param ceiling the platform's own upper bound (a group's max, Lambda's free concurrency), {@link
 *     Integer#MAX_VALUE} when none
 */
public record ActualState(int configured, int ready, int floor, int ceiling) {
  public static final ActualState UNKNOWN = new ActualState(-1, -1, 0, Integer.MAX_VALUE);

  public ActualState {
    if (floor < 0 || ceiling < floor) {
      throw new IllegalArgumentException(
          "platform bounds ["
              + floor
              + "; "
              + ceiling
              + "] are invalid, must satisfy 0 <= floor <= ceiling");
    }
  }

  public static ActualState of(int configured, int ready) {
    return new ActualState(configured, ready, 0, Integer.MAX_VALUE);
  }

  public ActualState withBounds(int newFloor, int newCeiling) {
    return new ActualState(configured, ready, newFloor, newCeiling);
  }

  public ActualState withConfigured(int newConfigured) {
    return new ActualState(newConfigured, ready, floor, ceiling);
  }

  public boolean known() {
    return configured >= 0;
  }

  /** {@code n} clamped into the platform's bounds. */
  public int clamp(int n) {
    return Math.max(floor, Math.min(ceiling, n));
  }
}
