package io.prescale.collector.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import io.prescale.collector.snapshot.proto.FunctionRecord;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import java.io.IOException;

/**
 * One function's windows as bytes, in the snapshot's {@code FunctionRecord} encoding: what cluster
 * mode checkpoints per function and restores on the replica that takes the function over. The bytes
 * are only readable by a build with the same sealed-block encoding: keep {@link #fingerprint()}
 * beside them and compare before {@link #restore}.
 */
public final class FunctionState {
  private FunctionState() {}

  /** The encoding's fingerprint: state written under another one is refused. */
  public static int fingerprint() {
    return FunctionRecords.blockFingerprint();
  }

  /**
   * The state of {@code key} in {@code store}, copied under its lock; null when the store does not
   * track it. Throws naming the function when its state cannot be saved (restore would refuse it).
   */
  public static byte[] encode(FunctionStore store, FunctionKey key) throws IOException {
    FunctionWindows w = store.get(key);
    if (w == null) {
      return null;
    }
    try {
      return FunctionRecords.encode(w, store.labels(key), store.lastTouchedNanos(key))
          .toByteArray();
    } catch (FunctionRecords.Unsaveable e) {
      throw new IOException("function " + key + " cannot be saved: " + e.getMessage());
    }
  }

  /**
   * Adds the function in {@code bytes} to {@code store}; returns its key, or throws naming what is
   * wrong (malformed, breaks the snapshot rules, already tracked, store full).
   */
  public static FunctionKey restore(FunctionStore store, byte[] bytes) throws IOException {
    FunctionRecords.Restored r;
    try {
      r = FunctionRecords.decode(FunctionRecord.parseFrom(bytes), store.windowConfig());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("malformed function state: " + e.getMessage());
    } catch (IOException e) {
      throw new IOException("unusable function state: " + e.getMessage());
    }
    FunctionKey key = r.windows().function();
    if (r.problem() != null) {
      throw new IOException("function " + key + " state refused: " + r.problem());
    }
    if (!store.restore(r.windows(), r.labels(), r.lastTouchedNanos())) {
      throw new IOException(
          "function " + key + " not restored: already tracked, or the store is full");
    }
    return key;
  }
}
