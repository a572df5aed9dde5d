package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.http.ListenerLimits;
import io.prescale.collector.otlp.OtlpOptions;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ControlPlaneTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> events = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private ControlPlaneContext context() {
    return new ControlPlaneContext(
        vertx,
        Router.router(vertx),
        new PrometheusRegistry(),
        new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z")));
  }

  private Component component(String name, boolean fail) {
    return new Component() {
      @Override
      public void start(ControlPlaneContext ctx) {
        events.add("start " + name);
        if (fail) {
          throw new IllegalStateException(name + " cannot start");
        }
      }

      @Override
      public void stop() {
        events.add("stop " + name);
      }
    };
  }

  @Test
  void startsInOrderStopsInReverse() throws Exception {
    ControlPlane plane =
        new ControlPlane(context()).add(component("a", false)).add(component("b", false));
    assertFalse(plane.isReady());
    plane.start();
    assertTrue(plane.isReady());
    plane.stop();
    plane.stop(); // idempotent
    assertEquals(List.of("start a", "start b", "stop b", "stop a"), events);
    assertFalse(plane.isReady());
  }

  @Test
  void aFailedStartStopsWhatStarted() {
    ControlPlane plane =
        new ControlPlane(context())
            .add(component("a", false))
            .add(component("b", true))
            .add(component("c", false));
    IllegalStateException e = assertThrows(IllegalStateException.class, plane::start);
    assertEquals("b cannot start", e.getMessage());
    assertEquals(List.of("start a", "start b", "stop a"), events);
  }

  @Test
  void contextSharesTypedValues() {
    ControlPlaneContext ctx = context();
    assertTrue(ctx.find(String.class).isEmpty());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ctx.get(String.class));
    assertTrue(e.getMessage().contains("java.lang.String"));
    ctx.put(String.class, "shared");
    assertEquals("shared", ctx.get(String.class));
  }

  @Test
  void runRejectsBadOptionsWithExitCode2() {
    for (String[] args :
        new String[][] {
          {"run", "--otlp-http-port", "70000"},
          {"run", "--max-body-size", "lots"},
          {"run", "--max-grpc-message-size", "1MiB"},
          {"run", "--http-port", "-1"},
          {"run", "--idle-timeout", "soon"},
          {"run", "--request-timeout", "0s"},
          {"run", "--header-timeout", "2d"},
          {"run", "--max-connections", "0"},
          {"run", "--max-inflight-bytes", "1MiB"},
          {"run", "--policy-quiet-period", "1h"},
        }) {
      StringWriter err = new StringWriter();
      CommandLine cl = PrescaleCommand.commandLine();
      cl.setErr(new PrintWriter(err));
      assertEquals(2, cl.execute(args), String.join(" ", args));
      assertTrue(err.toString().contains(args[1].substring(2)), err.toString());
    }
  }

  @Test
  void runHelpListsTheOptions() {
    StringWriter out = new StringWriter();
    CommandLine cl = PrescaleCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("run", "--help"));
    for (String opt :
        List.of(
            "--bind",
            "--otlp-http-port",
            "--otlp-grpc-port",
            "--http-port",
            "--max-body-size",
            "--max-inflight-bytes",
            "--header-timeout",
            "--request-timeout",
            "--idle-timeout",
            "--max-connections",
            "--policy-quiet-period")) {
      assertTrue(out.toString().contains(opt), opt);
    }
  }

  @Test
  void listenerLimitsComeFromTheOptions() {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd)
        .parseArgs(
            "--idle-timeout",
            "90s",
            "--header-timeout",
            "1.5s",
            "--request-timeout",
            "1m",
            "--max-connections",
            "64",
            "--max-inflight-bytes",
            "64MiB");
    var o = cmd.otlpOptions();
    assertEquals(Duration.ofSeconds(90), o.limits().idleTimeout());
    assertEquals(Duration.ofMillis(1500), o.limits().headerTimeout());
    assertEquals(Duration.ofMinutes(1), o.limits().requestTimeout());
    assertEquals(64, o.limits().maxConnections());
    assertEquals(64L * 1024 * 1024, o.maxInflightBytes());
    RunCommand defaults = new RunCommand();
    new CommandLine(defaults).parseArgs();
    assertEquals(ListenerLimits.defaults(), defaults.otlpOptions().limits());
    assertEquals(OtlpOptions.DEFAULT_MAX_INFLIGHT_BYTES, defaults.otlpOptions().maxInflightBytes());
  }

  @Test
  void byteSizes() {
    ByteSizeConverter c = new ByteSizeConverter();
    assertEquals(16 * 1024 * 1024, c.convert("16MiB"));
    assertEquals(512 * 1024, c.convert("512k"));
    assertEquals(4096, c.convert("4096"));
    assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("16 parsecs"));
  }
}
