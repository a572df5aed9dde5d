package io.prescale.app.shadow;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Temporary directories of report and export jobs: zipped, deleted. */
final class TempDirs {
  private TempDirs() {}

  /** Zips the files of {@code dir} (flat) into {@code zip}; returns {@code zip}. */
  static Path zip(Path dir, Path zip) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Path f : files) {
        z.putNextEntry(new ZipEntry("trace/" + f.getFileName()));
        Files.copy(f, z);
        z.closeEntry();
      }
    }
    return zip;
  }

  /** Deletes {@code dir} and everything under it; failures are ignored (a temp dir). */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // best effort
    }
  }
}
