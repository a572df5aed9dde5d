package io.prescale.collector.scrape;

/**
 * Exposition text shaped as the queue-proxy of Knative Serving before 1.19 serves it on its
 * user-metrics port 9091 (OpenCensus views in {@code pkg/queue/request_metric.go}, exported with
 * component {@code revision}: {@code revision_request_count}, {@code revision_request_latencies} in
 * milliseconds with the default latency distribution, {@code revision_app_request_count}, {@code
 * revision_queue_depth}; the {@code knative_revision} resource labels flattened onto every series).
 */
public final class KnativeText {
  private KnativeText() {}

  /** One pod of revision {@code hello-00001} of service {@code hello} in namespace {@code shop}. */
  public static final String LEGACY = body("hello-00001-deployment-5d4f7c9b8-abcde", 7, 2, 9);

  /**
   * The body of one pod: {@code ok} 2xx and {@code failed} 5xx requests, each 30 ms, and a queue
   * depth.
   */
  public static String body(String pod, long ok, long failed, long depth) {
    String common =
        "configuration_name=\"hello\",container_name=\"queue-proxy\",namespace_name=\"shop\","
            + "pod_name=\""
            + pod
            + "\"";
    String rev = "revision_name=\"hello-00001\",service_name=\"hello\"";
    StringBuilder b = new StringBuilder();
    b.append(
            "# HELP revision_request_count The number of requests that are routed to queue-proxy\n")
        .append("# TYPE revision_request_count counter\n");
    b.append(
        "revision_request_count{%s,response_code=\"200\",response_code_class=\"2xx\",%s,route_tag=\"\"} %d\n"
            .formatted(common, rev, ok));
    if (failed > 0) {
      b.append(
          "revision_request_count{%s,response_code=\"503\",response_code_class=\"5xx\",%s,route_tag=\"\"} %d\n"
              .formatted(common, rev, failed));
    }
    b.append("# HELP revision_request_latencies The response time in millisecond\n")
        .append("# TYPE revision_request_latencies histogram\n");
    histogram(b, "revision_request_latencies", common, rev, "200", "2xx", ok);
    if (failed > 0) {
      histogram(b, "revision_request_latencies", common, rev, "503", "5xx", failed);
    }
    b.append(
            "# HELP revision_app_request_count The number of requests that are routed to"
                + " user-container\n")
        .append("# TYPE revision_app_request_count counter\n");
    b.append(
        "revision_app_request_count{%s,response_code=\"200\",response_code_class=\"2xx\",%s} %d\n"
            .formatted(common, rev, ok + failed));
    b.append("# HELP revision_queue_depth The number of items queued at this queue proxy.\n")
        .append("# TYPE revision_queue_depth gauge\n");
    b.append(
        "revision_queue_depth{%s,response_code=\"\",response_code_class=\"\",%s} %d\n"
            .formatted(common, rev, depth));
    return b.toString();
  }

  private static void histogram(
      StringBuilder b, String name, String common, String rev, String code, String cls, long n) {
    String labels =
        common + ",response_code=\"" + code + "\",response_code_class=\"" + cls + "\"," + rev;
    long[] bounds = {
      5, 10, 20, 40, 60, 80, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000,
      2000, 5000, 10000, 20000, 50000, 100000
    };
    for (long le : bounds) {
      b.append(name)
          .append("_bucket{")
          .append(labels)
          .append(",le=\"")
          .append(le)
          .append("\"} ")
          .append(le >= 40 ? n : 0)
          .append('\n');
    }
    b.append(name)
        .append("_bucket{")
        .append(labels)
        .append(",le=\"+Inf\"} ")
        .append(n)
        .append('\n');
    b.append(name).append("_sum{").append(labels).append("} ").append(30 * n).append('\n');
    b.append(name).append("_count{").append(labels).append("} ").append(n).append('\n');
  }
}
