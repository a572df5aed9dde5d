package io.prescale.fuzz;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * Two views of the heap during a pass: in use when sampled (garbage included, so it mostly shows
 * how lazily the collector runs) and in use right after the latest collection of each heap pool
 * (what the pass really kept alive).
 */
final class HeapSampler {
  private static final List<MemoryPoolMXBean> POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();
  long maxUsed;
  long maxAfterGc;

  void sample() {
    maxUsed = Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    long afterGc = 0;
    for (MemoryPoolMXBean p : POOLS) {
      MemoryUsage u = p.getCollectionUsage();
      afterGc += u == null ? 0 : u.getUsed();
    }
    maxAfterGc = Math.max(maxAfterGc, afterGc);
  }
}
