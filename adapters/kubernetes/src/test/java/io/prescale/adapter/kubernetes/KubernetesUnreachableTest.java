package io.prescale.adapter.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.engine.ActionRecord;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.core.time.ManualTimeSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** An API server that refuses connections: the engine retries with backoff, then reports FAILED. */
class KubernetesUnreachableTest {

  @Test
  void connectionErrorsAreRetriedThenReportedAsFailed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    var adapter =
        new KubernetesProvider()
            .create(
                new AdapterContext(
                    "kubernetes",
                    Map.of(
                        "master",
                        "http://127.0.0.1:" + port,
                        "request-timeout",
                        "2s",
                        "connect-timeout",
                        "1s"),
                    new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"))));
    try (Harness h = new Harness(adapter)) {
      CompletionStage<ApplyOutcome> o =
          h.submit("kubernetes", Map.of("namespace", "shop", "deployment", "checkout"), 2);
      ApplyOutcome outcome = h.await(o);
      assertEquals(ApplyOutcome.Kind.FAILED, outcome.kind(), outcome.toString());
      List<ActionRecord> retries = h.engine.audit().recent(20, r -> r.outcome().equals("retry"));
      assertEquals(7, retries.size(), retries.toString());
      assertTrue(
          retries.get(0).detail().contains("read failed (connection)"), retries.get(0).detail());
    }
  }
}
