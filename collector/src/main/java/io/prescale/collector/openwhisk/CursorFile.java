package io.prescale.collector.openwhisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The source's own small state file ({@code openwhisk-source.json} in {@code --data-dir}): per
 * namespace the cursor and the recent activation ids, so that a restart neither counts a record
 * twice nor asks for more than the lookback again. Written after every poll that took something: to
 * a temporary file, forced to disk, then renamed over the old one.
 *
 * <pre>{"version": 1, "namespaces": {"guest": {"cursor": 1700000000000, "seen": {"id": start}}}}
 * </pre>
 */
final class CursorFile {
  static final String NAME = "openwhisk-source.json";

  /** A larger file is refused (a 100,000-id state is about 6 MiB). */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  CursorFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /**
   * Restores each namespace's state from the file; nothing when the file is absent. Throws an
   * {@link IOException} naming the file and what is wrong when it cannot be used.
   */
  void load(Map<String, SeenActivations> namespaces) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new IOException(file + " is " + size + " bytes, more than " + MAX_BYTES);
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not JSON: " + e.getMessage(), e);
    }
    if (root == null || root.path("version").asInt(0) != 1) {
      throw new IOException(file + " has no \"version\": 1");
    }
    for (Map.Entry<String, SeenActivations> e : namespaces.entrySet()) {
      JsonNode ns = root.path("namespaces").path(e.getKey());
      if (!ns.isObject()) {
        continue;
      }
      Map<String, Long> ids = new HashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = ns.path("seen").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> id = it.next();
        if (id.getValue().canConvertToLong()) {
          ids.put(id.getKey(), id.getValue().asLong());
        }
      }
      e.getValue().restore(ns.path("cursor").asLong(0), ids);
    }
  }

  void save(Map<String, SeenActivations> namespaces) throws IOException {
    ObjectNode root = JSON.createObjectNode().put("version", 1);
    ObjectNode all = root.putObject("namespaces");
    namespaces.forEach(
        (name, seen) -> {
          ObjectNode ns = all.putObject(name).put("cursor", seen.cursorMillis());
          ObjectNode ids = ns.putObject("seen");
          seen.ids().forEach(ids::put);
        });
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writeValueAsBytes(root));
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
