package io.prescale.testkafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM's classpath: the broker's jars in the local Maven repository, listed at build time
 * by maven-dependency-plugin's {@code build-classpath} into the resource {@code broker.classpath}
 * next to this class (see test-kafka's pom.xml).
 */
final class BrokerClasspath {
  private static final String RESOURCE = "broker.classpath";

  private BrokerClasspath() {}

  static String read() {
    String classpath;
    try (InputStream in = BrokerClasspath.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource io/prescale/testkafka/"
                + RESOURCE
                + " is missing: test-kafka writes it in its generate-resources phase; build the"
                + " module with Maven (mvn -pl <module> -am test)");
      }
      classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("reading resource io/prescale/testkafka/" + RESOURCE, e);
    }
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!Files.isRegularFile(Path.of(entry))) {
        throw new IllegalStateException(
            "the kafka broker's classpath names "
                + entry
                + ", which is not a file: rebuild test-kafka so Maven resolves it again");
      }
    }
    return classpath;
  }
}
