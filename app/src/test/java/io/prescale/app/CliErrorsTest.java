package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops a command is one line on stderr, exit code 2, never a stack trace. */
class CliErrorsTest {
  @TempDir Path dir;

  static void oneLine(PolicyCliTest.Run r) {
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void unknownCommandIsNamedEvenWithHelp() {
    for (String[] args : new String[][] {{"fo"}, {"fo", "--help"}, {"policy", "chek", "--help"}}) {
      PolicyCliTest.Run r = PolicyCliTest.run(args);
      oneLine(r);
      String word = args[0].equals("policy") ? args[1] : args[0];
      assertTrue(r.err().contains("unknown command '" + word + "'"), r.err());
      assertEquals("", r.out(), "no help printed for " + String.join(" ", args));
    }
    assertTrue(
        PolicyCliTest.run("fo").err().startsWith("prescale: unknown command 'fo'; commands: "),
        "names the known commands");
  }

  @Test
  void badOptionAndBadBindAreOneLine() {
    PolicyCliTest.Run r = PolicyCliTest.run("run", "--http-port", "x");
    oneLine(r);
    assertTrue(r.err().startsWith("prescale run: "), r.err());
    PolicyCliTest.Run bind =
        PolicyCliTest.run(
            "run",
            "--bind",
            "no-such-host.invalid",
            "--http-port",
            "0",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0");
    oneLine(bind);
    assertTrue(
        bind.err().contains("--bind = no-such-host.invalid is not an IP address"), bind.err());
  }

  @Test
  void missingConfigIsOneLine() {
    PolicyCliTest.Run r =
        PolicyCliTest.run(
            "run",
            "--config",
            dir.resolve("nope.yaml").toString(),
            "--http-port",
            "0",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0");
    oneLine(r);
    assertEquals(
        "prescale run: --config " + dir.resolve("nope.yaml") + ": file does not exist\n", r.err());
  }

  @Test
  void simulateChecksOutBeforeItRuns() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "TIMESTAMP\n2024-01-01 00:00:00\n");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliRun r =
        CliRun.of(
            "simulate",
            "--trace",
            trace.toString(),
            "--policy",
            "kpa",
            "--out",
            file.resolve("sub").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err().contains("--out = " + file.resolve("sub") + " cannot be created as a directory"),
        r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void portInUseIsOneLineFromTheRealProcess() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  ChildRun.command(
                      "run",
                      "--http-port",
                      String.valueOf(taken.getLocalPort()),
                      "--otlp-http-port",
                      "0",
                      "--otlp-grpc-port",
                      "0"))
              .redirectErrorStream(false);
      Process p = pb.start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "prescale run should stop");
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(2, p.exitValue(), err);
      assertFalse(err.contains("\tat "), err);
      String last = err.lines().reduce((a, b) -> b).orElse("");
      assertTrue(
          last.startsWith("prescale run: ") && last.contains(String.valueOf(taken.getLocalPort())),
          err);
      assertEquals(1, err.lines().filter(l -> l.startsWith("prescale run: ")).count(), err);
    }
  }
}
