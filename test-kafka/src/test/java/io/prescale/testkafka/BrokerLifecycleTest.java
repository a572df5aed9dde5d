package io.prescale.testkafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child's life: it dies with its parent, a bad start names the cause, close cleans up. */
class BrokerLifecycleTest {
  @TempDir Path dir;

  @Test
  void childHaltsWhenTheParentsPipeCloses() throws Exception {
    Path work = dir.resolve("orphan");
    KafkaBroker kafka = KafkaBroker.start(work);
    Process child = kafka.process();

    kafka.closeParentPipe();

    assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the broker halts once its stdin closes");
    assertTrue(
        Files.readString(kafka.logFile()).contains("the parent JVM closed stdin"),
        "the log says why");
    kafka.close();
    assertFalse(Files.exists(work), "close deletes the work directory");
  }

  @Test
  void aBrokerThatCannotStartFailsWithTheTailOfItsLog() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                KafkaBroker.builder(dir.resolve("bad"))
                    .config("num.io.threads", "not-a-number")
                    .start());

    assertTrue(failure.getMessage().contains("exited with code"), failure.getMessage());
    assertTrue(failure.getMessage().contains("num.io.threads"), failure.getMessage());
    assertTrue(failure.getMessage().contains("broker.log"), failure.getMessage());
  }
}
