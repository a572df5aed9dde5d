package io.prescale.app.simulate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --out} checked before a simulation runs (which can take minutes): the directory is created
 * when missing and a probe file is written and removed in it, so a path that is a file, cannot be
 * created or is not writable fails at once, naming the option, the path and why.
 */
final class OutDir {
  private OutDir() {}

  static Path check(Path out) {
    try {
      Files.createDirectories(out);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "--out = " + out + " cannot be created as a directory: " + why(e));
    }
    if (!Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out = " + out + " is not a directory");
    }
    try {
      Files.delete(Files.createTempFile(out, ".prescale-", ".probe"));
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "--out = " + out + " is not a writable directory: " + why(e));
    }
    return out;
  }

  private static String why(Exception e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }
}
