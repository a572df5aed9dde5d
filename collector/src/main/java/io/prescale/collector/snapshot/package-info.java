/**
 * Saving every function's windows to one file and restoring them after a restart ({@link
 * io.prescale.collector.snapshot.WindowsSnapshot}): the file envelope (temporary file, fsync,
 * rename, CRC), the per-function record codec and the section other components add ({@link
 * io.prescale.collector.snapshot.SnapshotExtension}).
 */
package io.prescale.collector.snapshot;
