package io.prescale.core.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The label-cardinality cap of every per-function series: only the {@code n} busiest functions
 * (largest weight, the collector's invocations since first seen; ties by name) get their own {@code
 * function} label, the rest are summed (where a sum means something) or left out under {@link
 * #OTHER}. One ordering for all series, so a function has its own series in all of them or in none.
 */
public final class TopFunctions {
  public static final String OTHER = "__other__";
  public static final int DEFAULT_N = 200;
  public static final int MAX_N = 100_000;

  private record Ranked(String name, long weight) {}

  /** First the lightest, then the largest name: the head is the one to drop. */
  private static final Comparator<Ranked> WORST_FIRST =
      Comparator.comparingLong(Ranked::weight)
          .thenComparing(Ranked::name, Comparator.reverseOrder());

  private TopFunctions() {}

  /**
   * The {@code namespace} label of a per-function series: the part of the key before its first
   * {@code /} ({@code shop/checkout} -> {@code shop}: the Kubernetes namespace, or the cloud region
   * for Lambda keys), or null when the key has none (or is {@link #OTHER}): the series then has no
   * namespace label. The {@code function} label keeps the whole key.
   */
  public static String namespace(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    return slash > 0 ? key.substring(0, slash) : null;
  }

  /**
   * Label names and values of a per-function series: {@code more} (name, value, ...), then {@code
   * function} = the key and, when it has one, {@code namespace}; for {@code Labels.of}.
   */
  public static String[] labelPairs(String function, String... more) {
    String ns = namespace(function);
    String[] out = Arrays.copyOf(more, more.length + (ns == null ? 2 : 4));
    out[more.length] = "function";
    out[more.length + 1] = function;
    if (ns != null) {
      out[more.length + 2] = "namespace";
      out[more.length + 3] = ns;
    }
    return out;
  }

  /** Checks {@code n} is in [0; 100000]; the error names the key, the value and the range. */
  public static int checkN(String key, int n) {
    if (n < 0 || n > MAX_N) {
      throw new IllegalArgumentException(key + " = " + n + ", must be in [0; " + MAX_N + "]");
    }
    return n;
  }

  /**
   * The {@code n} names of {@code names} (duplicates count once) with the largest weight; ties go
   * to the smaller name. O(size x log n), no sort of the whole set.
   */
  public static Set<String> of(Iterable<String> names, ToLongFunction<String> weight, int n) {
    checkN("n", n);
    Set<String> kept = new HashSet<>();
    if (n == 0) {
      return kept;
    }
    PriorityQueue<Ranked> heap = new PriorityQueue<>(Math.min(n, 1024) + 1, WORST_FIRST);
    for (String name : names) {
      if (name == null || kept.contains(name)) {
        continue;
      }
      Ranked r = new Ranked(name, weight.applyAsLong(name));
      if (heap.size() < n) {
        heap.add(r);
        kept.add(name);
      } else if (WORST_FIRST.compare(r, heap.peek()) > 0) {
        kept.remove(heap.poll().name());
        heap.add(r);
        kept.add(name);
      }
    }
    return kept;
  }
}
