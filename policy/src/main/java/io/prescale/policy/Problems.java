package io.prescale.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one file, so that all of them are reported at once. */
final class Problems {
  private final String file;
  private final List<PolicyError> errors = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void add(YamlNode.Pos pos, String path, String message) {
    errors.add(
        new PolicyError(
            file, pos == null ? 0 : pos.line(), pos == null ? 0 : pos.column(), path, message));
  }

  void add(YamlNode node, String path, String message) {
    add(node.pos(), path, message);
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  int size() {
    return errors.size();
  }

  List<PolicyError> sorted() {
    List<PolicyError> copy = new ArrayList<>(errors);
    copy.sort(PolicyError.BY_POSITION);
    return List.copyOf(copy);
  }
}
