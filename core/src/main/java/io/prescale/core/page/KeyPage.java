package io.prescale.core.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The keys of one page: the {@code limit} smallest keys after the cursor, sorted, and the cursor of
 * the next page ({@code next}: the page's last key, null on the last page). O(n log limit) over an
 * unordered source, which is neither sorted nor copied whole.
 *
 * @param keys the page's keys in order
 * @param next the {@code after} of the next page, null when this page is the last
 */
public record KeyPage<K>(List<K> keys, K next) {

  /**
   * @param all every key, any order, no duplicates
   * @param name the cursor form of a key ({@code after} is compared with it)
   */
  public static <K> KeyPage<K> of(Iterable<K> all, Function<K, String> name, PageRequest page) {
    Comparator<K> order = Comparator.comparing(name);
    PriorityQueue<K> largestFirst =
        new PriorityQueue<>(Math.min(page.limit(), 4096) + 2, order.reversed());
    boolean more = false;
    for (K k : all) {
      if (page.after() != null && name.apply(k).compareTo(page.after()) <= 0) {
        continue;
      }
      largestFirst.add(k);
      if (largestFirst.size() > page.limit()) {
        largestFirst.poll();
        more = true;
      }
    }
    List<K> keys = new ArrayList<>(largestFirst);
    keys.sort(order);
    return new KeyPage<>(
        Collections.unmodifiableList(keys),
        more && !keys.isEmpty() ? keys.get(keys.size() - 1) : null);
  }
}
