package io.prescale.app.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One line per event in text, one JSON object per line in json; the stack trace only in a JSON
 * field.
 */
class LogsTest {
  static final Instant AT = Instant.parse("2026-12-06T06:21:04.123Z");

  @AfterEach
  void restore() {
    Logs.install(LogFormat.TEXT);
  }

  static LogRecord record(String message, Throwable t) {
    LogRecord r = new LogRecord(Level.WARNING, message);
    r.setLoggerName("io.prescale.test");
    r.setInstant(AT);
    r.setThrown(t);
    return r;
  }

  @Test
  void textIsOneLineWithTheErrorClassAndMessage() {
    String line =
        Logs.formatter(LogFormat.TEXT)
            .format(record("snapshot failed\nretrying", new IOException("disk full")));
    assertEquals(
        "2026-12-06T06:21:04.123Z WARNING io.prescale.test: snapshot failed retrying:"
            + " java.io.IOException: disk full"
            + System.lineSeparator(),
        line);
  }

  @Test
  void jsonHasTheFieldsAndTheStackInOneField() throws Exception {
    String line =
        Logs.formatter(LogFormat.JSON)
            .format(record("poll failed", new IllegalStateException("boom")));
    assertEquals(1, line.lines().count(), line);
    JsonNode n = new ObjectMapper().readTree(line);
    assertEquals("2026-12-06T06:21:04.123Z", n.get("time").asText());
    assertEquals("WARNING", n.get("level").asText());
    assertEquals("io.prescale.test", n.get("logger").asText());
    assertEquals("poll failed", n.get("message").asText());
    assertEquals("java.lang.IllegalStateException", n.get("error.class").asText());
    assertEquals("boom", n.get("error.message").asText());
    assertTrue(n.get("error.stack").asText().contains("\tat io.prescale.app.logs.LogsTest"), line);
    JsonNode plain =
        new ObjectMapper().readTree(Logs.formatter(LogFormat.JSON).format(record("ok", null)));
    assertFalse(plain.has("error.class"), plain.toString());
  }

  @Test
  void installedHandlerWritesEveryLoggerOnceAsOneLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Logs.install(LogFormat.TEXT, out);
    Logger.getLogger("io.prescale.x").log(Level.SEVERE, "bad", new RuntimeException("why"));
    Logger.getLogger("io.prescale.x").info("fine");
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(2, text.lines().count(), text);
    assertTrue(
        text.lines()
            .findFirst()
            .orElseThrow()
            .endsWith("SEVERE io.prescale.x: bad: java.lang.RuntimeException: why"),
        text);
  }

  @Test
  void unknownFormatNamesTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LogFormat.parse("yaml"));
    assertEquals("--log-format = yaml, must be one of [text, json]", e.getMessage());
  }
}
