package io.prescale.app.shadow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.core.FunctionKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shadow ledger on disk, {@code DIR/shadow.json} beside the windows snapshot: per function its
 * minutes as {@code [epochMinute, observedInstanceSeconds, wouldInstanceSeconds,
 * observedColdStarts, wouldColdStarts]}. Written to a temporary file and renamed over the old one;
 * read with every value checked (a bad file names what and where, and is not applied).
 */
final class ShadowFile {
  static final String FILE_NAME = "shadow.json";
  static final int FORMAT = 1;
  static final long MAX_BYTES = 512L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ShadowFile() {}

  static void write(ShadowLedger ledger, Path file) throws IOException {
    Map<FunctionKey, List<ShadowAccount.Minute>> all = ledger.copyMinutes();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp);
        JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("format", FORMAT);
      g.writeArrayFieldStart("functions");
      for (var e : all.entrySet()) {
        g.writeStartObject();
        g.writeStringField("function", e.getKey().value());
        g.writeArrayFieldStart("minutes");
        for (ShadowAccount.Minute m : e.getValue()) {
          g.writeStartArray();
          g.writeNumber(m.epochMinute());
          g.writeNumber(m.observedInstanceSeconds());
          g.writeNumber(m.wouldInstanceSeconds());
          g.writeNumber(m.observedColdStarts());
          g.writeNumber(m.wouldColdStarts());
          g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads {@code file} into {@code ledger}; a missing file restores nothing. */
  static int read(Path file, ShadowLedger ledger) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    }
    if (size > MAX_BYTES) {
      throw new IOException(file + " = " + size + " bytes, must be in [0; " + MAX_BYTES + "]");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IOException(
          file
              + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": not JSON: "
              + e.getOriginalMessage(),
          e);
    }
    if (root == null || root.path("format").asInt(-1) != FORMAT) {
      throw new IOException(file + ": format must be " + FORMAT);
    }
    JsonNode fs = root.path("functions");
    if (!fs.isArray()) {
      throw new IOException(file + ": functions must be an array");
    }
    List<Runnable> apply = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      JsonNode f = fs.get(i);
      String name = f.path("function").asText("");
      String where = file + ": functions[" + i + "]";
      FunctionKey key;
      try {
        key = FunctionKey.of(name);
      } catch (IllegalArgumentException e) {
        throw new IOException(where + ".function: " + e.getMessage());
      }
      JsonNode ms = f.path("minutes");
      if (!ms.isArray() || ms.size() > ShadowLedger.MAX_MINUTES) {
        throw new IOException(
            where + ".minutes must be an array of at most " + ShadowLedger.MAX_MINUTES);
      }
      List<ShadowAccount.Minute> minutes = new ArrayList<>(ms.size());
      for (int j = 0; j < ms.size(); j++) {
        JsonNode m = ms.get(j);
        if (!m.isArray() || m.size() != 5) {
          throw new IOException(where + ".minutes[" + j + "] must be an array of 5 numbers");
        }
        for (int k = 0; k < 5; k++) {
          if (!m.get(k).isNumber() || m.get(k).asDouble() < 0) {
            throw new IOException(
                where + ".minutes[" + j + "][" + k + "] = " + m.get(k) + ", must be >= 0");
          }
        }
        minutes.add(
            new ShadowAccount.Minute(
                m.get(0).asLong(),
                m.get(1).asDouble(),
                m.get(2).asDouble(),
                m.get(3).asLong(),
                m.get(4).asLong()));
      }
      apply.add(() -> ledger.restore(key, minutes));
    }
    apply.forEach(Runnable::run);
    return apply.size();
  }
}
