package io.prescale.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /api/v1/policy} shows: the policy in force and the problems of the file on disk
 * that did not become active.
 *
 * @param file the watched file, or null when only built-in defaults apply
 * @param version 1 for the first load, +1 per successful reload; 0 for built-in defaults
 * @param sha256 hex SHA-256 of the active file's bytes; empty for built-in defaults
 * @param loadedAt when the active version was loaded
 * @param rules rule names of the active version, in match order
 * @param lastReloadSuccess false while the file on disk is invalid, missing or unreadable
 * @param lastCheckedAt the last poll, or loadedAt before the first poll
 * @param pendingErrors why the file on disk is not active; empty when it is
 * @param lastReloadRemovedRules rules of the previous version that the last reload dropped, by
 *     name; empty when it dropped none (or for the first load)
 */
public record PolicyStatus(
    String file,
    long version,
    String sha256,
    Instant loadedAt,
    List<String> rules,
    boolean lastReloadSuccess,
    Instant lastCheckedAt,
    List<PolicyError> pendingErrors,
    List<String> lastReloadRemovedRules) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public PolicyStatus {
    rules = List.copyOf(rules);
    pendingErrors = List.copyOf(pendingErrors);
    lastReloadRemovedRules = List.copyOf(lastReloadRemovedRules);
  }

  /** Status when no policy file is configured. */
  public static PolicyStatus builtIn(Instant at) {
    return new PolicyStatus(null, 0, "", at, List.of(), true, at, List.of(), List.of());
  }

  /** The status as a JSON object (the body of {@code GET /api/v1/policy}). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("source", file == null ? "built-in" : "file");
    m.put("version", version);
    m.put("sha256", sha256);
    m.put("loadedAt", loadedAt.toString());
    m.put("rules", rules);
    m.put("lastReloadSuccess", lastReloadSuccess);
    m.put("lastCheckedAt", lastCheckedAt.toString());
    List<Map<String, Object>> errors = new ArrayList<>();
    for (PolicyError e : pendingErrors) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("line", e.line());
      em.put("column", e.column());
      em.put("path", e.path());
      em.put("message", e.message());
      em.put("text", e.toString());
      errors.add(em);
    }
    m.put("pendingErrors", errors);
    m.put("lastReloadRemovedRules", lastReloadRemovedRules);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write policy status as JSON", e);
    }
  }
}
