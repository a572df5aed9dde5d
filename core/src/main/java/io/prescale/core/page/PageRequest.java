package io.prescale.core.page;

/**
 * One page of a list sorted by key: at most {@code limit} items whose key is after {@code after}
 * (null: from the first). {@link #parse} reads the query parameters; a bad value is an {@link
 * IllegalArgumentException} whose message names the parameter, the value and the range.
 *
 * @param limit items on the page, in [1; max]
 * @param after the key the previous page ended with ({@code next} of its answer), or null
 */
public record PageRequest(int limit, String after) {
  public static final int DEFAULT_LIMIT = 1000;
  public static final int MAX_LIMIT = 10_000;

  /**
   * @param limitName the limit parameter's name, for the error
   * @param limitValue its value, null or empty for {@code fallback}
   * @param after the cursor, null or empty for the first page
   */
  public static PageRequest parse(
      String limitName, String limitValue, int fallback, int max, String after) {
    int limit = fallback;
    if (limitValue != null && !limitValue.isEmpty()) {
      long v;
      try {
        v = Long.parseLong(limitValue.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            limitName + " = " + limitValue + ", must be an integer in [1; " + max + "]");
      }
      if (v < 1 || v > max) {
        throw new IllegalArgumentException(
            limitName + " = " + limitValue + ", must be in [1; " + max + "]");
      }
      limit = (int) v;
    }
    return new PageRequest(limit, after == null || after.isEmpty() ? null : after);
  }

  /** {@code ?limit=} (default 1000, at most 10,000) and {@code ?after=}. */
  public static PageRequest parse(String limitValue, String after) {
    return parse("limit", limitValue, DEFAULT_LIMIT, MAX_LIMIT, after);
  }
}
