package io.prescale.testkafka;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Kills, when this JVM exits, every broker child still running. */
final class ChildReaper {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Process process : LIVE) {
                    process.destroyForcibly();
                  }
                },
                "kafka-broker-reaper"));
  }

  private ChildReaper() {}

  static void register(Process process) {
    LIVE.add(process);
  }

  static void unregister(Process process) {
    LIVE.remove(process);
  }
}
