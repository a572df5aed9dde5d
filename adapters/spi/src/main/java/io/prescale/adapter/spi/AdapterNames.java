package io.prescale.adapter.spi;

import io.prescale.core.spi.ProviderNames;
import io.prescale.core.spi.Providers;
import java.util.Set;

/** The names of the registered {@link AdapterProvider}s, for the policy loader. */
public final class AdapterNames implements ProviderNames {
  @Override
  public String kind() {
    return ADAPTER;
  }

  @Override
  public Set<String> names() {
    return Providers.all(AdapterProvider.class).keySet();
  }
}
