package io.prescale.adapter.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.spi.Providers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class DryRunProviderTest {
  @Test
  void isFoundByNameAndRecordsWithoutChangingAnything() {
    assertTrue(
        Providers.all(AdapterProvider.class).keySet().containsAll(List.of("dry-run", "webhook")));
    ScalingAdapter a =
        Providers.find(AdapterProvider.class, "dry-run").create(AdapterContext.of("dry-run"));
    Target t = Target.of("dry-run", Map.of());
    assertEquals(-1, a.read(t).toCompletableFuture().join().configured());
    ApplyOutcome o =
        a.apply(t, new DesiredState(FunctionKey.of("f"), 3, -1, null)).toCompletableFuture().join();
    assertEquals(ApplyOutcome.Kind.SCALED, o.kind());
    assertTrue(o.detail().contains("nothing changed"));
    assertEquals(3, a.read(t).toCompletableFuture().join().configured());
    assertEquals(1, ((DryRunAdapter) a).applied().size());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> Providers.find(AdapterProvider.class, "nomad"));
    assertTrue(e.getMessage().contains("dry-run"), e.getMessage());
  }
}
