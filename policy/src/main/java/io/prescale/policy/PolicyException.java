package io.prescale.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file that cannot be used, with every problem found in it (never only the first). */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<PolicyError> errors;

  public PolicyException(List<PolicyError> errors) {
    super(
        errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + " in policy:\n"
            + errors.stream().map(PolicyError::toString).collect(Collectors.joining("\n")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors must not be empty");
    }
    this.errors = List.copyOf(errors);
  }

  /** Every problem, sorted by position. */
  public List<PolicyError> errors() {
    return errors;
  }
}
