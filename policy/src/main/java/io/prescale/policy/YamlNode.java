package io.prescale.policy;

import java.util.List;

/** A YAML document as a tree whose every node knows where it starts in the file. */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Mapping, YamlNode.Sequence {

  /** 1-based line and column. */
  record Pos(int line, int column) {}

  Pos pos();

  /** Short description for messages: the scalar text, or "a mapping" / "a list". */
  String describe();

  /** A scalar with its YAML type as Jackson saw it. */
  record Scalar(Pos pos, Type type, String text) implements YamlNode {
    enum Type {
      STRING,
      INT,
      FLOAT,
      BOOLEAN,
      NULL
    }

    @Override
    public String describe() {
      return type == Type.STRING ? '"' + text + '"' : text;
    }
  }

  /** One {@code key: value} pair of a mapping, with the key's own position. */
  record Entry(String key, Pos keyPos, YamlNode value) {}

  /** A mapping in file order; keys are unique (duplicates are reported while reading). */
  record Mapping(Pos pos, List<Entry> entries) implements YamlNode {
    @Override
    public String describe() {
      return "a mapping";
    }

    Entry get(String key) {
      for (Entry e : entries) {
        if (e.key().equals(key)) {
          return e;
        }
      }
      return null;
    }
  }

  /** A list. */
  record Sequence(Pos pos, List<YamlNode> items) implements YamlNode {
    @Override
    public String describe() {
      return "a list";
    }
  }
}
