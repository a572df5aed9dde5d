package io.prescale.adapter.keda;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.adapter.testkit.AdapterContractTest;
import io.prescale.core.FunctionKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adapter contract for keda: KEDA pulls, so the "platform" is the count the external scaler
 * serves (read back through the adapter) and no call can fail; applies are counted around it.
 */
class KedaContractTest extends AdapterContractTest {
  private static final Map<String, String> TARGET =
      Map.of("namespace", "shop", "scaledobject", "checkout");
  private final AtomicInteger applies = new AtomicInteger();
  private KedaAdapter keda;

  @Override
  protected ScalingAdapter newAdapter(Duration timeout) {
    keda =
        (KedaAdapter)
            new KedaProvider()
                .create(new AdapterContext("keda", Map.of("host", "127.0.0.1", "port", "0"), time));
    return new Counting(keda);
  }

  @Override
  protected Map<String, String> targetAt(int instances) {
    keda.apply(
        Target.of("keda", TARGET), new DesiredState(FunctionKey.of(FUNCTION), instances, -1, null));
    return TARGET;
  }

  @Override
  protected int platformCount() {
    return keda.read(Target.of("keda", TARGET)).toCompletableFuture().join().configured();
  }

  @Override
  protected int applyRequests() {
    return applies.get();
  }

  @Override
  protected boolean canFail() {
    return false;
  }

  /** The adapter, counting applies. */
  private final class Counting implements ScalingAdapter {
    private final ScalingAdapter inner;

    Counting(ScalingAdapter inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public List<String> validate(Target target) {
      return inner.validate(target);
    }

    @Override
    public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
      applies.incrementAndGet();
      return inner.apply(target, desired);
    }

    @Override
    public CompletionStage<ActualState> read(Target target) {
      return inner.read(target);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
