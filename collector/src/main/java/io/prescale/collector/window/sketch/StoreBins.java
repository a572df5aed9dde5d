package io.prescale.collector.window.sketch;

import com.datadoghq.sketch.ddsketch.store.Bin;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The non-zero bins of a {@link CountStore} in index order (ascending or descending). */
final class StoreBins implements Iterator<Bin> {
  private final CountStore store;
  private final boolean up;
  private int next;

  StoreBins(CountStore store, boolean up) {
    this.store = store;
    this.up = up;
    this.next = up ? 0 : store.binCount() - 1;
  }

  @Override
  public boolean hasNext() {
    return up ? next < store.binCount() : next >= 0;
  }

  @Override
  public Bin next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more bins");
    }
    Bin bin = new Bin(store.index(next), store.count(next));
    next += up ? 1 : -1;
    return bin;
  }
}
