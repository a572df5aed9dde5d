package io.prescale.collector.scrape;

import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.extract.PlatformSeries;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.StoreInvariants;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import io.prescale.fuzz.TextMutations;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A scraped body through the path a scrape takes: {@link Exposition#parse} (only platform families
 * kept), {@link ExpositionToOtlp}, {@link CollectorSink#acceptMetrics} into a real store, twice 15
 * s apart (the second scrape makes increases). Properties: the body parses or fails with {@link
 * ExpositionException} naming a line; ingest never throws; no count, total, rate, in-flight time or
 * duration in the store is negative or NaN afterwards; within the time and allocation bounds.
 * Seeds: an OpenFaaS gateway body and a Knative queue-proxy body as upstream writes them.
 */
final class ExpositionFuzzTarget implements FuzzTarget {
  private static final long START = 1_800_000_000_000_000_000L;
  private final Exposition parser = new Exposition(Exposition.Limits.DEFAULT);

  @Override
  public String name() {
    return "exposition";
  }

  @Override
  public List<byte[]> seeds() {
    String gateway =
        """
        # HELP gateway_function_invocation_total Function metrics
        # TYPE gateway_function_invocation_total counter
        gateway_function_invocation_total{code="200",function_name="figlet.openfaas-fn"} 1012
        gateway_function_invocation_total{code="500",function_name="figlet.openfaas-fn"} 3
        # HELP gateway_functions_seconds Function time taken
        # TYPE gateway_functions_seconds histogram
        gateway_functions_seconds_bucket{code="200",function_name="figlet.openfaas-fn",le="0.005"} 0
        gateway_functions_seconds_bucket{code="200",function_name="figlet.openfaas-fn",le="0.5"} 1000
        gateway_functions_seconds_bucket{code="200",function_name="figlet.openfaas-fn",le="+Inf"} 1012
        gateway_functions_seconds_sum{code="200",function_name="figlet.openfaas-fn"} 201.5
        gateway_functions_seconds_count{code="200",function_name="figlet.openfaas-fn"} 1012
        # HELP gateway_service_count Service replicas
        # TYPE gateway_service_count gauge
        gateway_service_count{function_name="figlet.openfaas-fn"} 3
        # HELP go_goroutines Number of goroutines that currently exist.
        # TYPE go_goroutines gauge
        go_goroutines 31
        """;
    String labels =
        "configuration_name=\"hello\",container_name=\"queue-proxy\",namespace_name=\"shop\","
            + "pod_name=\"hello-00001-deployment-abcde\",response_code=\"200\","
            + "response_code_class=\"2xx\",revision_name=\"hello-00001\",service_name=\"hello\"";
    String knative =
        "# TYPE revision_request_count counter\n"
            + "revision_request_count{"
            + labels
            + ",route_tag=\"\"} 42\n"
            + "# TYPE revision_request_latencies histogram\n"
            + "revision_request_latencies_bucket{"
            + labels
            + ",le=\"20\"} 2\n"
            + "revision_request_latencies_bucket{"
            + labels
            + ",le=\"40\"} 42\n"
            + "revision_request_latencies_bucket{"
            + labels
            + ",le=\"+Inf\"} 42\n"
            + "revision_request_latencies_sum{"
            + labels
            + "} 1260\n"
            + "revision_request_latencies_count{"
            + labels
            + "} 42\n"
            + "# TYPE revision_app_request_count counter\n"
            + "revision_app_request_count{"
            + labels
            + "} 42\n"
            + "# TYPE revision_queue_depth gauge\n"
            + "revision_queue_depth{"
            + labels
            + "} 1\n";
    return List.of(
        gateway.getBytes(StandardCharsets.UTF_8), knative.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    return m.random().nextInt(3) == 0 ? m.anyBytes(input) : TextMutations.mutate(m, input, false);
  }

  @Override
  public String check(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(START / 1_000_000_000L));
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink sink = new CollectorSink(store, time);
    ScrapeTarget target =
        new ScrapeTarget(
            "fuzz",
            URI.create("http://127.0.0.1:8082/metrics"),
            Duration.ofSeconds(15),
            Duration.ofSeconds(5),
            ScrapeTarget.Auth.NONE,
            START + 1_000_000_000L);
    SeriesStarts starts = new SeriesStarts(target.startNanos());
    try {
      for (int scrape = 0; scrape < 2; scrape++) {
        time.advance(Duration.ofSeconds(15));
        ExpositionToOtlp.Result r =
            ExpositionToOtlp.convert(
                target, parser.parse(text, PlatformSeries::understands), time.epochNanos(), starts);
        sink.acceptMetrics(r.request(), time.epochNanos());
      }
    } catch (ExpositionException e) {
      if (!e.getMessage().startsWith("line ")) {
        throw new AssertionError("an exposition error without its line: " + e.getMessage());
      }
      return "refused";
    }
    StoreInvariants.check(store, time.epochNanos());
    return store.size() == 0 ? "no-functions" : "ingested";
  }
}
