package io.prescale.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the policy's {@code sources} section (telemetry sources Prescale pulls from, such as
 * {@code openwhisk}) the way the source itself will read it ({@code prescale} wires each source's
 * own settings parser in), so an unusable setting is refused with its file position.
 */
public interface SourceCheck {
  /** Accepts any source with any settings (a loader that runs no sources, e.g. the simulator). */
  SourceCheck NONE =
      new SourceCheck() {
        @Override
        public Set<String> names() {
          return null;
        }

        @Override
        public List<Problem> problems(String source, Map<String, String> settings) {
          return List.of();
        }
      };

  /** One problem: the setting's key (null for the source as a whole) and the message. */
  record Problem(String key, String message) {}

  /** The source names a policy may configure; null accepts any name. */
  Set<String> names();

  /**
   * Problems of {@code settings} (list values joined with commas) for the source called {@code
   * source}; empty when usable.
   */
  List<Problem> problems(String source, Map<String, String> settings);
}
