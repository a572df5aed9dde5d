package io.prescale.cluster;

import io.prescale.core.FunctionKey;
import org.apache.kafka.common.utils.Utils;

/**
 * The one rule that maps a function to its partition of the invocations and state topics: Kafka's
 * default for a keyed record (murmur2 of the key's bytes, made positive, modulo the partition
 * count), so a record produced by any client with the function key as its key lands where
 * Prescale's own do. The owner of the partition is the owner of the function.
 */
final class Partitioning {
  private Partitioning() {}

  static int of(FunctionKey key, int partitions) {
    return of(BatchCodec.key(key), partitions);
  }

  static int of(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}
