package io.prescale.app.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * What the demo prints: the start banner (where to point Prometheus and Grafana) and the live
 * table.
 */
final class DemoText {
  private DemoText() {}

  static void banner(
      PrintWriter out,
      String host,
      int otlpHttp,
      int otlpGrpc,
      int api,
      String workload,
      String decisions,
      String duration) {
    out.printf(
        Locale.ROOT,
        "prescale demo: control plane on %s: OTLP/HTTP :%d, OTLP/gRPC :%d,"
            + " API http://%s:%d/ (%s)%n",
        host,
        otlpHttp,
        otlpGrpc,
        host,
        api,
        duration);
    out.println("  workload:  " + workload);
    out.println(
        "  platform:  emulated on-demand platform, real time (--speed is not supported: the"
            + " collector, windows and autoscaler run on wall time)");
    out.println("  decisions: " + decisions);
    out.println(
        "  spans:     OpenTelemetry Java SDK, OTLP/HTTP protobuf -> http://"
            + host
            + ":"
            + otlpHttp
            + "/v1/traces");
    out.println();
    out.println(
        "Prometheus: add this job to prometheus.yml (or run: prometheus --config.file=FILE):");
    out.println("  scrape_configs:");
    out.println("    - job_name: prescale");
    out.println("      scrape_interval: 5s");
    out.println("      static_configs:");
    out.printf(
        Locale.ROOT,
        "        - targets: ['%s:%d']   # http://%s:%d/metrics%n",
        host,
        api,
        host,
        api);
    out.println("Grafana: provisioning files in grafana/provisioning/ (a Prometheus datasource at");
    out.println(
        "  http://127.0.0.1:9090 and the dashboards in grafana/dashboards/); see README \"Grafana\".");
    out.println();
    out.flush();
  }

  static String header() {
    return String.format(
        Locale.ROOT,
        "%-8s %-28s %8s %9s %8s %10s %9s %11s %11s %10s",
        "elapsed",
        "function",
        "rate/s",
        "forecast",
        "desired",
        "instances",
        "in-flight",
        "cold starts",
        "invocations",
        "collected");
  }

  /**
   * One table; {@code collected} gives the invocations the collector counted for a function (-1
   * when it keeps no per-function data), to show that the spans made it through OTLP.
   */
  static void table(
      PrintWriter out,
      long elapsedSeconds,
      List<FunctionRow> rows,
      ToLongFunction<String> collected) {
    out.println(header());
    String elapsed =
        String.format(Locale.ROOT, "%d:%02d", elapsedSeconds / 60, elapsedSeconds % 60);
    for (FunctionRow r : rows) {
      String instances =
          r.starting() > 0 ? r.ready() + "+" + r.starting() : Integer.toString(r.ready());
      long seen = collected.applyAsLong(r.function());
      out.printf(
          Locale.ROOT,
          "%-8s %-28s %8.2f %9s %8s %10s %9d %11d %11d %10s%n",
          elapsed,
          abbreviate(r.function(), 28),
          r.rate(),
          Double.isNaN(r.forecast()) ? "-" : String.format(Locale.ROOT, "%.2f", r.forecast()),
          r.desired() < 0 ? "-" : Integer.toString(r.desired()),
          instances,
          r.inFlight(),
          r.coldStarts(),
          r.arrivals(),
          seen < 0 ? "-" : Long.toString(seen));
    }
    out.println();
    out.flush();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "~";
  }
}
