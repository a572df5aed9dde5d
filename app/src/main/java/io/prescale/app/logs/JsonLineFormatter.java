package io.prescale.app.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code time} (ISO-8601 UTC), {@code level}, {@code logger}, {@code
 * message}, and for an event with a throwable {@code error.class}, {@code error.message} and {@code
 * error.stack} (the stack trace as one string field).
 */
final class JsonLineFormatter extends Formatter {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String format(LogRecord r) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(r.getInstant()));
      g.writeStringField("level", r.getLevel().getName());
      g.writeStringField("logger", r.getLoggerName());
      g.writeStringField("message", formatMessage(r));
      Throwable t = r.getThrown();
      if (t != null) {
        g.writeStringField("error.class", t.getClass().getName());
        g.writeStringField("error.message", t.getMessage());
        StringWriter stack = new StringWriter();
        t.printStackTrace(new PrintWriter(stack));
        g.writeStringField("error.stack", stack.toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append(System.lineSeparator()).toString();
  }
}
