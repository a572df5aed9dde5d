package io.prescale.collector.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class FunctionStoreTest {
  static final long S = 1_000_000_000L;
  static final long T0 = 1_800_000_000L * S;

  @Test
  void aMillionDistinctFunctionsStayBoundedAndAreCountedAsRejected() {
    FunctionStore store =
        new FunctionStore(StoreConfig.defaults().withMaxFunctions(1_000), WindowConfig.defaults());
    long refused = 0;
    for (int i = 0; i < 1_000_000; i++) {
      FunctionWindows w = store.getOrCreate(FunctionKey.of("fn-" + i), Map.of(), T0);
      if (w == null) {
        refused++;
      } else {
        w.recordInvocation(
            new Invocation(w.function(), T0, T0 + S / 10, false, Trigger.HTTP, false, null, 0));
      }
    }
    assertEquals(1_000, store.size());
    assertEquals(999_000, refused);
    assertEquals(999_000, store.rejectedFunctions());
    assertEquals(1_000, store.createdFunctions());
    // still healthy: known functions keep recording
    FunctionWindows first = store.getOrCreate(FunctionKey.of("fn-0"), Map.of(), T0 + S);
    assertNotNull(first);
    assertTrue(
        first.recordInvocation(
            new Invocation(
                first.function(), T0 + S, T0 + 2 * S, false, Trigger.HTTP, false, null, 0)));
    assertEquals(2, first.invocationsTotal());
    long bytes = 0;
    for (FunctionWindows w : store.all()) {
      bytes += w.bucketBytes();
    }
    assertTrue(bytes < 1_000 * 1_024, "bucket bytes for 1000 one-invocation functions: " + bytes);
  }

  @Test
  void idleFunctionsAreEvictedAndMakeRoomForNewOnes() {
    FunctionStore store =
        new FunctionStore(
            StoreConfig.defaults().withMaxFunctions(2).withIdleTimeout(Duration.ofMinutes(10)),
            WindowConfig.defaults());
    assertNotNull(store.getOrCreate(FunctionKey.of("a"), Map.of(), T0));
    assertNotNull(store.getOrCreate(FunctionKey.of("b"), Map.of(), T0 + 300 * S));
    assertNull(store.getOrCreate(FunctionKey.of("c"), Map.of(), T0 + 300 * S));
    assertEquals(1, store.maintain(T0 + 601 * S)); // a idle for 10m01s, b for 5m01s
    assertEquals(List.of(FunctionKey.of("b")), store.functions());
    assertNotNull(store.getOrCreate(FunctionKey.of("c"), Map.of(), T0 + 601 * S));
    assertEquals(1, store.evictedFunctions());
    assertEquals(1, store.rejectedFunctions());
  }

  @Test
  void labelsKeepOnlyTheConfiguredAttributesAndFollowChanges() {
    FunctionStore store = FunctionStore.withDefaults();
    FunctionKey k = FunctionKey.of("shop/checkout");
    store.getOrCreate(
        k, Map.of("k8s.namespace.name", "shop", "faas.version", "1", "host.name", "h"), T0);
    assertEquals(Map.of("k8s.namespace.name", "shop", "faas.version", "1"), store.labels(k));
    store.getOrCreate(k, Map.of("k8s.namespace.name", "shop", "faas.version", "2"), T0);
    assertEquals("2", store.labels(k).get("faas.version"));
    assertEquals(Map.of(), store.labels(FunctionKey.of("unknown")));
  }

  @Test
  void configErrorsNameKeyValueAndRange() {
    IllegalArgumentException e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> StoreConfig.defaults().withMaxFunctions(0));
    assertEquals("maxFunctions = 0, must be in [1; 10000000]", e.getMessage());
    e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> WindowConfig.defaults().withRetainedMinutes(10));
    assertEquals("retainedMinutes = 10, must be in [60; 129600]", e.getMessage());
  }
}
