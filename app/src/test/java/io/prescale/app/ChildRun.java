package io.prescale.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code prescale} child JVM on the test class path: its output as lines (read by a daemon
 * thread), and the OTLP/HTTP and API ports it reported when it started listening.
 */
public record ChildRun(Process process, int otlpPort, int apiPort, BlockingQueue<String> output) {
  private static final Pattern LISTENING =
      Pattern.compile("OTLP/HTTP :(\\d+).*API http://[^:]+:(\\d+)/");

  /** {@code java -cp <test class path> io.prescale.app.Main <args>}. */
  public static List<String> command(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.prescale.app.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * {@code prescale run --config policy} on 127.0.0.1 with ephemeral OTLP ports, then {@code
   * extra}: the command line every end-to-end test starts from.
   */
  public static List<String> runCommand(Path policy, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--config",
                policy.toString(),
                "--bind",
                "127.0.0.1",
                "--otlp-http-port",
                "0",
                "--otlp-grpc-port",
                "0"));
    args.addAll(List.of(extra));
    return command(args.toArray(String[]::new));
  }

  /**
   * Starts {@code pb} (output merged) and waits up to two minutes for the listening line; every
   * line read stays in {@link #output()}. Fails, after killing the process, when none came.
   */
  public static ChildRun start(ProcessBuilder pb, String name)
      throws IOException, InterruptedException {
    Process process = pb.redirectErrorStream(true).start();
    BlockingDeque<String> lines = new LinkedBlockingDeque<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                  lines.add(l);
                }
              } catch (IOException ignored) {
                // process ended
              }
            },
            name + "-output");
    reader.setDaemon(true);
    reader.start();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String l = lines.poll(1, TimeUnit.SECONDS);
      if (l != null) {
        seen.add(l);
        Matcher m = LISTENING.matcher(l);
        if (m.find()) {
          for (int j = seen.size() - 1; j >= 0; j--) {
            lines.addFirst(seen.get(j)); // in order, before whatever came since
          }
          return new ChildRun(
              process, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), lines);
        }
      }
    }
    process.destroyForcibly();
    throw new AssertionError("prescale did not report its ports:\n" + String.join("\n", seen));
  }

  /** The output lines read so far, removed from the queue. */
  public String drain() {
    List<String> rest = new ArrayList<>();
    output.drainTo(rest);
    return String.join("\n", rest);
  }
}
