package io.prescale.app.shadow;

import io.prescale.app.DurationConverter;
import io.prescale.app.export.DataDirSnapshot;
import io.prescale.core.time.Durations;
import io.prescale.simulator.platform.PlatformKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prescale report}: what Prescale would have done against what the platform did. */
@Command(
    name = "report",
    header = "Report what prescale would have saved on your own traffic (shadow mode).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes report.html and report.json to --out. For the window: what the",
      "platform did (the cold starts it reported, its instances, for functions in",
      "mode: shadow), what prescale would have done (the recorded arrivals replayed",
      "through the simulator) and what each baseline would have done on the same",
      "arrivals; per function and for the fleet, the headline ratio first, the",
      "functions where prescale would be worse named. Offline from a --data-dir, or",
      "from a running instance's GET /api/v1/report with --url.",
      ""
    })
public final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final class Source {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description =
            "The --data-dir of a prescale run (windows.snapshot, shadow.json); read only.")
    Path dataDir;

    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "API of a running prescale run, e.g. http://127.0.0.1:8080.")
    URI url;
  }

  @ArgGroup(multiplicity = "1")
  Source source;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Directory for report.html and report.json (created).")
  Path out;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description =
          "Window before the last complete minute, 1m to 90d (default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(
      names = "--platform",
      paramLabel = "KIND",
      defaultValue = "autoscaled",
      description =
          "What your platform is: autoscaled (Knative, Kubernetes) or on-demand (Lambda-like);"
              + " picks the replay's platform and baselines (default: ${DEFAULT-VALUE}).")
  String platform;

  @Option(
      names = "--cold-start",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Cold-start delay of the replay, 0s to 10m (default: ${DEFAULT-VALUE}).")
  Duration coldStart;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Requests one instance serves at once in the replay (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Seed of the replay; the same seed gives the same report (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.Positive.class,
      description =
          "With --url: how long to wait for the running instance's replay (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "With --url: send 'Authorization: Bearer <the file's trimmed content>'.")
  Path adminTokenFile;

  @Override
  public Integer call() throws Exception {
    ReportRequest req;
    PlatformKind kind;
    try {
      kind = PlatformKind.parse(platform);
      req =
          new ReportRequest(
              since, kind, coldStart, seed, concurrency, ReportRequest.defaultPolicies(kind));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    ShadowReport report = source.dataDir != null ? offline(req) : remote(req);
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.json"), ReportJson.write(report), StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("report.html"), LiveReportHtml.write(report), StandardCharsets.UTF_8);
    PrintWriter w = spec.commandLine().getOut();
    w.println(report.headline());
    if (!report.worse().isEmpty()) {
      w.println("worse with prescale: " + String.join(", ", report.worse()));
    }
    w.println("wrote " + out.resolve("report.html") + " and " + out.resolve("report.json"));
    w.flush();
    return 0;
  }

  private ShadowReport offline(ReportRequest req) throws IOException {
    DataDirSnapshot snap = DataDirSnapshot.load(source.dataDir);
    ShadowLedger ledger = new ShadowLedger(snap.store(), ShadowLedger.DEFAULT_INSTANCE_WINDOW);
    ShadowFile.read(source.dataDir.resolve(ShadowFile.FILE_NAME), ledger);
    Path work = Files.createTempDirectory("prescale-report");
    AtomicLong done = new AtomicLong();
    AtomicLong total = new AtomicLong();
    PrintWriter err = spec.commandLine().getErr();
    Thread progress =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(2000);
                  long t = total.get();
                  if (t > 0) {
                    err.printf("replaying: %d%%%n", Math.min(100, done.get() * 100 / t));
                    err.flush();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "prescale-report-progress");
    progress.setDaemon(true);
    progress.start();
    try {
      return ReportBuilder.build(
          snap.store(),
          ledger::minutes,
          ledger.functions(),
          req,
          snap.writtenAtNanos(),
          work,
          done,
          total,
          () -> false);
    } finally {
      progress.interrupt();
      TempDirs.delete(work);
    }
  }

  private ShadowReport remote(ReportRequest req) throws IOException, InterruptedException {
    String base = source.url.toString().replaceAll("/+$", "");
    String q =
        "?format=json&since="
            + enc(Durations.format(req.since()))
            + "&platform="
            + enc(req.platform().wireName())
            + "&coldStart="
            + enc(Durations.format(req.coldStart()))
            + "&seed="
            + req.seed()
            + "&concurrency="
            + req.concurrency();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/report" + q)).GET();
    if (adminTokenFile != null) {
      b.header("Authorization", "Bearer " + Files.readString(adminTokenFile).trim());
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    PrintWriter err = spec.commandLine().getErr();
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    while (r.statusCode() == 202) { // still replaying: the server waited a while; ask again
      if (System.nanoTime() > deadline) {
        throw new IOException(
            base + "/api/v1/report still running after --timeout " + Durations.format(timeout));
      }
      String progress = r.body().replaceAll("(?s).*\"progress\":([0-9.eE-]+).*", "$1");
      try {
        err.printf("replaying: %d%%%n", Math.round(Double.parseDouble(progress) * 100));
      } catch (NumberFormatException e) {
        err.println("replaying");
      }
      err.flush();
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
    if (r.statusCode() != 200) {
      throw new IOException(
          base + "/api/v1/report answered " + r.statusCode() + ": " + r.body().trim());
    }
    return ReportJson.read(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
