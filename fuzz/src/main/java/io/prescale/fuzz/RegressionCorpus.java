package io.prescale.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The failing inputs kept per target, {@code <dir>/<target>/<sha256 prefix>.bin}: written when a
 * pass finds a failure, replayed by every test run.
 */
public final class RegressionCorpus {
  private final Path dir;

  public RegressionCorpus(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code input} under {@code target} (named by its hash: the same input is kept once). */
  public Path keep(String target, byte[] input) throws IOException {
    Path folder = dir.resolve(target);
    Files.createDirectories(folder);
    Path file = folder.resolve(hash(input) + ".bin");
    if (!Files.exists(file)) {
      Files.write(file, input);
    }
    return file;
  }

  /** The kept inputs of {@code target}, sorted by name. */
  public List<Path> files(String target) throws IOException {
    Path folder = dir.resolve(target);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return new ArrayList<>(s.filter(p -> p.toString().endsWith(".bin")).sorted().toList());
    }
  }

  /** Runs every kept input of {@code target}; the failures, each naming its file. */
  public List<Failure> replay(FuzzTarget target) throws IOException {
    List<Failure> failures = new ArrayList<>();
    for (Path f : files(target.name())) {
      byte[] input = Files.readAllBytes(f);
      Trial t = Trial.run(target, input);
      if (t.thrown != null) {
        failures.add(
            new Failure(target.name(), 0, -1, Signatures.of(t.thrown), t.thrown, input, f));
      }
    }
    return failures;
  }

  private static String hash(byte[] input) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(input))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
