package io.prescale.app.export;

import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.EpochNanos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The windows of a {@code prescale run --data-dir DIR}, read offline: {@code DIR/windows.snapshot}
 * is copied aside and restored from the copy, so the directory is never changed (a running instance
 * may be writing it; a refused file stays where it is).
 *
 * @param store every restored function, with the defaults {@code prescale run} uses
 * @param writtenAtNanos when the snapshot was written: the offline "now"
 */
public record DataDirSnapshot(FunctionStore store, long writtenAtNanos) {

  /** Reads {@code dataDir}; an IOException names the file and why it cannot be used. */
  public static DataDirSnapshot load(Path dataDir) throws IOException {
    Path file = dataDir.resolve(WindowsSnapshot.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + " does not exist (is " + dataDir + " the --data-dir of a prescale run?)");
    }
    Path tmp = Files.createTempDirectory("prescale-snapshot");
    try {
      Path copy = tmp.resolve(WindowsSnapshot.FILE_NAME);
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      FunctionStore store = FunctionStore.withDefaults();
      WindowsSnapshot.Restored r = WindowsSnapshot.restore(store, copy, System.currentTimeMillis());
      if (r.refused()) {
        throw new IOException(file + " is unusable: " + r.problem());
      }
      if (r.writtenAt() == null) {
        throw new IOException(file + " holds no snapshot");
      }
      return new DataDirSnapshot(store, EpochNanos.of(r.writtenAt()));
    } finally {
      try (var s = Files.list(tmp)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }
}
