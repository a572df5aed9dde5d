package io.prescale.policy;

import java.util.Collection;
import java.util.Locale;

/** Suggests the closest known word for a misspelt one (Levenshtein distance, case-insensitive). */
final class DidYouMean {
  private DidYouMean() {}

  /** The closest candidate within a distance of max(2, length / 3), or null. */
  static String suggest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, w.length() / 3);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      String lc = c.toLowerCase(Locale.ROOT);
      if (Math.abs(lc.length() - w.length()) > limit) {
        continue; // the distance is at least the difference in length: a long word costs no table
      }
      int d = distance(w, lc);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return bestDistance <= limit ? best : null;
  }

  /** "; did you mean X?" or the empty string. */
  static String hint(String word, Collection<String> candidates) {
    String s = suggest(word, candidates);
    return s == null ? "" : "; did you mean " + s + "?";
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
