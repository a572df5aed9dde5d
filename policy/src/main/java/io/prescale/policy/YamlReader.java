package io.prescale.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.prescale.policy.YamlNode.Pos;
import io.prescale.policy.YamlNode.Scalar;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YamlNode} tree with the position of every key and value, using
 * Jackson's streaming YAML parser. Duplicate keys, aliases and syntax errors become problems with
 * positions; nothing here throws on bad input.
 */
final class YamlReader {
  /**
   * Deeper than this is refused: a policy nests about 6 levels, and node() recurses once a level.
   */
  static final int MAX_NESTING = 64;

  private static final YAMLFactory FACTORY = factory();

  private YamlReader() {}

  /**
   * Bounded reading, whatever the file holds: the nesting depth (Jackson's streaming parser
   * enforces it; SnakeYAML's own limit applies only to its composer, which Jackson does not use),
   * string and number lengths, and the SnakeYAML limits for what might compose nodes: aliases are
   * never expanded here (each is reported as unsupported), so an alias bomb costs its own text.
   */
  private static YAMLFactory factory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(16);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(PolicyLoader.MAX_BYTES + 1);
    options.setAllowRecursiveKeys(false);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(PolicyLoader.MAX_BYTES)
                .maxNumberLength(1000)
                .maxNameLength(PolicyLoader.MAX_BYTES)
                .build())
        .build();
  }

  /** The document's root node, or null when it could not be read (the reason is in problems). */
  static YamlNode read(String text, Problems problems) {
    if (text.isBlank()) {
      problems.add(
          new Pos(1, 1),
          "",
          "file is empty; expected a mapping with keys defaults and/or policies");
      return null;
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      try {
        JsonToken first = p.nextToken();
        if (first == null) {
          problems.add(
              new Pos(1, 1),
              "",
              "file has no content (only comments?); expected a mapping with keys defaults and/or policies");
          return null;
        }
        YamlNode root = node(p, first, "", problems);
        JsonToken extra = p.nextToken();
        if (extra != null) {
          problems.add(
              pos(p.currentTokenLocation()),
              "",
              "more than one YAML document; expected exactly one");
        }
        return root;
      } catch (JsonProcessingException e) {
        syntaxError(e, p, problems);
        return null;
      }
    } catch (IOException e) {
      problems.add((Pos) null, "", "cannot read: " + e.getMessage());
      return null;
    }
  }

  private static YamlNode node(JsonParser p, JsonToken t, String path, Problems problems)
      throws IOException {
    Pos pos = pos(p.currentTokenLocation());
    switch (t) {
      case START_OBJECT:
        {
          List<YamlNode.Entry> entries = new ArrayList<>();
          Map<String, Pos> seen = new HashMap<>();
          JsonToken k;
          while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            Pos keyPos = pos(p.currentTokenLocation());
            String childPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = node(p, p.nextToken(), childPath, problems);
            Pos first = seen.putIfAbsent(key, keyPos);
            if (first != null) {
              problems.add(
                  keyPos,
                  childPath,
                  "duplicate key (first defined at line "
                      + first.line()
                      + ", column "
                      + first.column()
                      + ")");
            } else {
              entries.add(new YamlNode.Entry(key, keyPos, value));
            }
          }
          return new YamlNode.Mapping(pos, List.copyOf(entries));
        }
      case START_ARRAY:
        {
          List<YamlNode> items = new ArrayList<>();
          JsonToken i;
          while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
            items.add(node(p, i, path + "[" + items.size() + "]", problems));
          }
          return new YamlNode.Sequence(pos, List.copyOf(items));
        }
      default:
        {
          if (p instanceof YAMLParser y && y.isCurrentAlias()) {
            problems.add(
                pos, path, "alias *" + p.getText() + " is not supported; write the value out");
            return new Scalar(pos, Scalar.Type.NULL, "*" + p.getText());
          }
          return new Scalar(pos, type(t), t == JsonToken.VALUE_NULL ? "null" : p.getText());
        }
    }
  }

  private static Scalar.Type type(JsonToken t) {
    switch (t) {
      case VALUE_NUMBER_INT:
        return Scalar.Type.INT;
      case VALUE_NUMBER_FLOAT:
        return Scalar.Type.FLOAT;
      case VALUE_TRUE:
      case VALUE_FALSE:
        return Scalar.Type.BOOLEAN;
      case VALUE_NULL:
        return Scalar.Type.NULL;
      default:
        return Scalar.Type.STRING;
    }
  }

  /**
   * The problem at its mark; without one (a constraint such as the depth), where the parser
   * stopped.
   */
  private static void syntaxError(JsonProcessingException e, JsonParser p, Problems problems) {
    Throwable cause = e.getCause();
    if (cause instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      Mark mark = m.getProblemMark();
      String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
      problems.add(
          new Pos(mark.getLine() + 1, mark.getColumn() + 1),
          "",
          "YAML syntax error: " + oneLine(m.getProblem()) + context);
      return;
    }
    JsonLocation loc = e.getLocation() != null ? e.getLocation() : p.currentLocation();
    problems.add(
        loc == null ? null : pos(loc), "", "YAML syntax error: " + oneLine(e.getOriginalMessage()));
  }

  private static String oneLine(String s) {
    return s == null ? "unknown problem" : s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  private static Pos pos(JsonLocation loc) {
    return new Pos(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
  }
}
