package io.prescale.collector.snapshot;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * State kept in the same snapshot file as the windows, written and restored with them (the
 * collector's ingest state: cumulative-metric baselines, span/metric choice). {@link
 * WindowsSnapshot} calls {@link #capture} on the snapshot thread before it copies the windows and
 * stores the bytes after them, length-prefixed; on restore it hands {@link #read} exactly those
 * bytes and applies the result only once the whole file checked out (all or nothing).
 */
public interface SnapshotExtension {
  /** Most bytes a section may hold; a longer one is refused when written and when read. */
  int MAX_BYTES = 1 << 30;

  /** A consistent copy of the state, encoded; called on the snapshot thread. */
  byte[] capture();

  /**
   * Decodes what {@link #capture} wrote, checking every count before allocating; throws an {@link
   * IOException} naming what is wrong for a bad section. Returns what applies the state.
   */
  Runnable read(DataInputStream in) throws IOException;

  /**
   * As {@link #read}, for the section of a format-4 snapshot ({@link LegacySnapshotReader}), in the
   * encoding this extension used then; by default the same as {@link #read}.
   */
  default Runnable readFormat4(DataInputStream in) throws IOException {
    return read(in);
  }
}
