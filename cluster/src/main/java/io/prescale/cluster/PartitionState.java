package io.prescale.cluster;

import io.prescale.core.FunctionKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the owner loop keeps of one owned partition (its thread only). */
final class PartitionState {
  /** The next invocations offset to apply: every record before it is in the windows. */
  long next;

  /** The end offset at assignment: actuation starts once {@link #next} reached it. */
  long catchUpTo;

  boolean caughtUp;

  /** The offset of the last committed marker, -1 when none. */
  long marker = -1;

  final long assignedNanos;
  long replayed;
  int restoredFunctions;

  /** Per restored function: its state holds every record before this offset (skip those). */
  final Map<FunctionKey, Long> skipBelow = new HashMap<>();

  /** The partition's functions this replica tracks (for tombstones and hand-back). */
  final Set<FunctionKey> functions = new HashSet<>();

  /** Functions changed since the last committed checkpoint. */
  final Set<FunctionKey> dirty = new HashSet<>();

  PartitionState(long assignedNanos) {
    this.assignedNanos = assignedNanos;
  }

  boolean needsCheckpoint() {
    return !dirty.isEmpty() || next != marker;
  }
}
