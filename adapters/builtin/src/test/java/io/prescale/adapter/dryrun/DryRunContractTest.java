package io.prescale.adapter.dryrun;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.adapter.testkit.AdapterContractTest;
import io.prescale.core.FunctionKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The adapter contract for dry-run: its "platform" is what it remembers; it cannot fail. */
class DryRunContractTest extends AdapterContractTest {
  private DryRunAdapter adapter;
  private int before;

  @Override
  protected ScalingAdapter newAdapter(Duration timeout) {
    adapter = (DryRunAdapter) new DryRunProvider().create(AdapterContext.of(DryRunProvider.NAME));
    return adapter;
  }

  @Override
  protected Map<String, String> targetAt(int instances) {
    Map<String, String> values = Map.of("function", FUNCTION);
    adapter.apply(
        Target.of(DryRunProvider.NAME, values),
        new DesiredState(FunctionKey.of(FUNCTION), instances, -1, null));
    before = adapter.applied().size();
    return values;
  }

  @Override
  protected int platformCount() {
    List<DesiredState> applied = adapter.applied();
    return applied.get(applied.size() - 1).instances();
  }

  @Override
  protected int applyRequests() {
    return adapter.applied().size() - before;
  }

  @Override
  protected boolean canFail() {
    return false;
  }
}
