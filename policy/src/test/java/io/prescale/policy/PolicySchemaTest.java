package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code policy.schema.json} is exactly what {@link PolicySchema} generates from the
 * settings table and the registered providers. After changing either, regenerate it with {@code mvn
 * -o -B verify -pl policy -am -Dtest=PolicySchemaTest -Dprescale.schema.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PolicySchemaTest {
  static final Path COMMITTED =
      Path.of(System.getProperty("user.dir"))
          .resolve("src/main/resources/io/prescale/policy/policy.schema.json");

  @Test
  void committedSchemaIsTheGeneratedOne() throws IOException {
    String generated = PolicySchema.generate(PolicyLoader.standard());
    if (Boolean.getBoolean("prescale.schema.write")) {
      Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
    }
    assertEquals(
        generated,
        Files.readString(COMMITTED, StandardCharsets.UTF_8),
        COMMITTED + " differs from the generated schema; regenerate it (see PolicySchemaTest)");
  }
}
