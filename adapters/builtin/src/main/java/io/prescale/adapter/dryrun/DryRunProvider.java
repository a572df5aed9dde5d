package io.prescale.adapter.dryrun;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;

/** {@code dry-run}: records only. Any target map is accepted. */
public final class DryRunProvider implements AdapterProvider {
  public static final String NAME = "dry-run";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    return new DryRunAdapter();
  }
}
