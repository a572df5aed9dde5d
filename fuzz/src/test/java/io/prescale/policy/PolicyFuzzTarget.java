package io.prescale.policy;

import io.prescale.core.FunctionKey;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import io.prescale.fuzz.TextMutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A policy file through {@link PolicyLoader#parse(byte[], String)}, seeded with the files in {@code
 * examples/}. Properties: it loads, or throws {@link PolicyException} whose every error names the
 * file and a line and column (only "not valid UTF-8" has no position); nothing else is thrown,
 * within the time and allocation bounds (alias bombs, deep nesting); a loaded policy resolves and
 * explains a function at a few instants without throwing.
 */
final class PolicyFuzzTarget implements FuzzTarget {
  private static final String FILE = "policy.yaml";
  private static final List<Instant> INSTANTS =
      List.of(
          Instant.parse("2026-03-29T01:30:00Z"),
          Instant.parse("2026-11-27T08:30:00Z"),
          Instant.parse("2026-12-06T23:59:59Z"),
          Instant.EPOCH);
  private final PolicyLoader loader = PolicyLoader.standard();

  @Override
  public String name() {
    return "policy";
  }

  @Override
  public List<byte[]> seeds() {
    Path examples = examples();
    try (Stream<Path> s = Files.list(examples)) {
      List<byte[]> seeds = new ArrayList<>();
      for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        seeds.add(Files.readAllBytes(p));
      }
      return seeds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code examples/} of the repository: from the module (tests) or the repository root (long
   * pass).
   */
  private static Path examples() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("examples"))
          && Files.exists(p.resolve("examples/shop.yaml"))) {
        return p.resolve("examples");
      }
    }
    throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    return m.random().nextInt(3) == 0 ? m.anyBytes(input) : TextMutations.mutate(m, input, true);
  }

  @Override
  public String check(byte[] input) {
    Policy policy;
    try {
      policy = loader.parse(input, FILE);
    } catch (PolicyException e) {
      for (PolicyError err : e.errors()) {
        boolean positionless = err.message().equals("is not valid UTF-8 text");
        if (!err.file().equals(FILE)
            || err.message().isEmpty()
            || (!positionless && (err.line() < 1 || err.column() < 1))) {
          throw new AssertionError("policy error without file:line:column: " + err);
        }
      }
      return "errors";
    }
    for (String function : List.of("shop/checkout-api", "resize", "")) {
      if (function.isEmpty()) {
        continue;
      }
      for (Instant at : INSTANTS) {
        FunctionKey key = FunctionKey.of(function);
        Map<String, String> labels =
            Map.of("k8s.namespace.name", "shop", "cloud.region", "eu-west-1");
        policy.resolve(key, labels, at);
        policy.explain(key, labels, at);
      }
    }
    policy.defaults();
    policy.ruleNames();
    return "loaded";
  }

  /**
   * Jackson and SnakeYAML take a few hundred bytes of short-lived garbage per byte of a long
   * scalar.
   */
  @Override
  public long allocationBound(int length) {
    return (64L << 20) + 600L * length;
  }

  @Override
  public long timeLimitNanos() {
    return 3_000_000_000L;
  }
}
