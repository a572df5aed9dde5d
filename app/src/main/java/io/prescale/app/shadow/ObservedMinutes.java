package io.prescale.app.shadow;

import io.prescale.core.FunctionKey;
import java.util.List;

/** Where a report reads the platform's instances seen: the shadow ledger's minutes. */
@FunctionalInterface
interface ObservedMinutes {
  /** {@code function}'s minutes in [fromMinute; toMinute); empty when it was not in shadow mode. */
  List<ShadowAccount.Minute> minutes(FunctionKey function, long fromMinute, long toMinute);
}
