package io.prescale.app.simulate;

import io.prescale.app.DurationConverter;
import io.prescale.app.logs.LogFormat;
import io.prescale.app.logs.LogFormatConverter;
import io.prescale.app.logs.Logs;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.Durations;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyException;
import io.prescale.policy.PolicyLoader;
import io.prescale.simulator.ConfigPolicy;
import io.prescale.simulator.PolicyCatalog;
import io.prescale.simulator.SimulateRequest;
import io.prescale.simulator.SimulationRunner;
import io.prescale.simulator.Simulator;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.report.ReportHtml;
import io.prescale.simulator.report.ReportJson;
import io.prescale.simulator.report.ReportText;
import io.prescale.simulator.report.SimulationReport;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFormatException;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prescale simulate}: replays a trace through every policy on both platform models. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Replay a serverless trace on a virtual clock through the production windows and deciders,"
          + " on the on-demand (Lambda-like) and autoscaled (Knative-like) platform models.",
      "Writes DIR/report.json, DIR/report.html (open it in a browser; it starts with the"
          + " headline) and DIR/report.txt, and prints report.txt.",
      "Traces: an Azure Functions 2019 directory (invocations.csv, durations.csv, memory.csv, or"
          + " the public invocations_per_function_md.anon.dNN.csv files), an Azure 2021 CSV"
          + " (app,func,end_timestamp,duration) or a per-request TIMESTAMP CSV."
    },
    footer = {
      "",
      "Example:",
      "  prescale simulate --trace ../shared/traces/azure2019-sample100"
          + " --policy kpa,keepalive-10m --platform both --out /tmp/sim",
      "  prescale simulate --trace ../shared/traces/azure2019-sample100 --config my-policy.yaml"
          + " --policy kpa,keepalive-10m,config --out /tmp/sim",
      "",
      "With --policy config, --sweep lists config as not applicable (a file has no single knob)."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "PATH",
      description = "Trace directory or CSV file.")
  Path trace;

  @Option(
      names = "--policy",
      split = ",",
      paramLabel = "NAME",
      description =
          "Policies, comma-separated: kpa, hpa, keda, keepalive-10m, keepalive-20m,"
              + " keepalive-<duration>, hybrid-histogram, fixed, off, prescale, config (the whole"
              + " --config file, per-function rules included), and the offline limits oracle (knows the"
              + " future, pre-warms: zero cold starts at the least cost; naming it adds every policy's"
              + " distance to it) and oracle-keepalive (knows the future, never pre-warms)."
              + " Default: the six baselines, plus prescale when the predictive decider is registered,"
              + " plus config when --config is given.")
  List<String> policies;

  @Option(
      names = "--platform",
      defaultValue = "both",
      paramLabel = "on-demand|autoscaled|both",
      description = "Platform model(s). Default: ${DEFAULT-VALUE}.")
  String platform;

  @Option(
      names = "--cold-start",
      defaultValue = "1s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Instance start-up delay (median with --cold-start-sigma). Default: ${DEFAULT-VALUE}.")
  Duration coldStart;

  @Option(
      names = "--cold-start-sigma",
      defaultValue = "0",
      paramLabel = "SIGMA",
      description =
          "Per-function cold-start delay drawn once from a log-normal with this sigma"
              + " around --cold-start; 0 = the same fixed delay for all. Default: ${DEFAULT-VALUE}.")
  double coldStartSigma;

  @Option(
      names = "--concurrency",
      defaultValue = "1",
      paramLabel = "N",
      description = "Requests one instance serves at once. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "Seed of placement, durations and cold-start draws. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--placement",
      defaultValue = "uniform",
      paramLabel = "uniform|poisson",
      description = "How per-minute counts are placed in the minute. Default: ${DEFAULT-VALUE}.")
  String placement;

  @Option(
      names = "--sweep",
      description =
          "Also sweep each policy's main knob (KPA/HPA/KEDA target"
              + " utilization, keep-alive length, prescale cold-start budget).")
  boolean sweep;

  @Option(
      names = "--cold-start-price",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Price of one cold start in instance-seconds, on both platforms: oracle-keepalive"
              + " keeps an idle gap up to it, and the distance to the oracle charges it per cold start."
              + " Default: the predictive decider's price for the base spec (600s on-demand, 90s"
              + " autoscaled with the built-in defaults).")
  Duration coldStartPrice;

  @Option(
      names = "--vs-oracle",
      description =
          "Report every policy's distance to the oracle (extra"
              + " cold starts, extra cost, total cost at the cold-start price over oracle's), running oracle"
              + " when it is not named.")
  boolean vsOracle;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Runs in parallel. Default: the number of cores.")
  Integer threads;

  @Option(
      names = "--config",
      paramLabel = "POLICY.yaml",
      description = {
        "Policy file (as for prescale run). Its defaults section is the base spec of the"
            + " named policies (each name sets the mode; rules are not applied to them). The policy"
            + " name config runs the whole file: each function gets the spec its rules resolve for it"
            + " (mode and knobs, schedules included), matched by its key (app/function) and the labels"
            + " the trace knows: app, function; on Azure 2019 also owner, trigger (http, timer, queue,"
            + " event, storage, orchestration, others) and faas.trigger (http, timer, pubsub,"
            + " datasource, other). All functions share the defaults' tick (a rule setting another"
            + " tick is an error) and --concurrency. Default: built-in defaults."
      })
  Path config;

  @Option(
      names = "--progress",
      description = "Show the progress bar even when stderr is not a terminal.")
  boolean progress;

  @Option(
      names = "--no-skip",
      description =
          "Tick every function every tick, even when its decider"
              + " provably repeats itself (slower; same results).")
  boolean noSkip;

  @Option(
      names = "--memory-mb",
      defaultValue = "128",
      paramLabel = "MB",
      description =
          "Memory per instance for traces that have none (Azure 2021, timestamp files). Default: ${DEFAULT-VALUE}.")
  double memoryMb;

  @Option(
      names = "--request-duration",
      defaultValue = "1s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Duration of each request in timestamp files without a"
              + " duration column. Default: ${DEFAULT-VALUE}.")
  Duration requestDuration;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = LogFormatConverter.class,
      description =
          "Log lines on stderr: text (one line per event) or json (one object per line). Default: ${DEFAULT-VALUE}.")
  LogFormat logFormat = LogFormat.TEXT;

  @Override
  public Integer call() throws Exception {
    if (logFormat == LogFormat.JSON) {
      Logs.install(logFormat);
    }
    SimulateRequest req;
    Trace t;
    DeciderSpec base;
    PolicyCatalog catalog = new PolicyCatalog();
    ConfigPolicy configPolicy = null;
    try {
      List<PlatformKind> platforms =
          "both".equalsIgnoreCase(platform.trim())
              ? List.of(PlatformKind.ON_DEMAND, PlatformKind.AUTOSCALED)
              : List.of(PlatformKind.parse(platform));
      if (concurrency < 1) {
        throw new IllegalArgumentException(
            "--concurrency = " + concurrency + ", must be in [1; 2147483647]");
      }
      if (coldStart.isNegative()) {
        throw new IllegalArgumentException(
            "--cold-start = " + Durations.format(coldStart) + ", must be >= 0");
      }
      if (!(coldStartSigma >= 0 && coldStartSigma <= 5)) {
        throw new IllegalArgumentException(
            "--cold-start-sigma = " + coldStartSigma + ", must be in [0; 5]");
      }
      List<String> names =
          policies == null || policies.isEmpty() ? defaultNames(catalog) : trim(policies);
      if (config == null && names.stream().anyMatch(Simulator::isConfig)) {
        throw new IllegalArgumentException(
            "--policy config runs the rules of a policy file: give the"
                + " file with --config POLICY.yaml, or name only baseline policies in --policy");
      }
      if (coldStartPrice != null && (coldStartPrice.isNegative() || coldStartPrice.isZero())) {
        throw new IllegalArgumentException(
            "--cold-start-price = " + Durations.format(coldStartPrice) + ", must be > 0s");
      }
      int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      req =
          new SimulateRequest(
              trace,
              names,
              platforms,
              coldStart,
              coldStartSigma,
              concurrency,
              seed,
              Placement.parse(placement),
              sweep,
              n,
              !noSkip,
              new TraceOptions(memoryMb, requestDuration),
              coldStartPrice,
              vsOracle);
      Policy file = config == null ? null : PolicyLoader.standard().load(config);
      base = file == null ? Simulator.baseSpec(req) : Simulator.baseSpec(req, file.defaults());
      for (String name : names) {
        if (!Simulator.isConfig(name)) {
          catalog.resolve(name, base); // fails on an unknown name before the trace is read
        }
      }
      t = TraceReaders.open(trace, req.traceOptions());
      if (names.stream().anyMatch(Simulator::isConfig)) {
        configPolicy =
            ConfigPolicy.bind(file, t, Providers.all(DeciderProvider.class), concurrency);
      }
      new Simulator(catalog, SimulationRunner.defaultTelemetry()).jobs(req, base, configPolicy);
      OutDir.check(
          out); // last check, so a run refused for another reason leaves no directory behind
    } catch (PolicyException e) {
      System.err.println("prescale simulate: invalid --config " + config + ": " + e.getMessage());
      return 2;
    } catch (TraceFormatException e) {
      System.err.println("prescale simulate: malformed trace: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("prescale simulate: " + e.getMessage());
      return 2;
    }
    Simulator sim = new Simulator(catalog, SimulationRunner.defaultTelemetry());
    int runs = sim.jobs(req, base, configPolicy).size();
    AtomicLong done = new AtomicLong();
    AtomicLong runsDone = new AtomicLong();
    boolean bar = progress || System.console() != null;
    SimulationReport report;
    try (ProgressBar pb =
        bar
            ? new ProgressBar(
                System.err, done, runsDone, (t.endNanos() - t.startNanos()) * runs, runs)
            : null) {
      report = sim.run(t, req, base, configPolicy, done, runsDone);
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.json"), ReportJson.write(report), StandardCharsets.UTF_8);
    int minutes = (int) ((t.endNanos() - t.startNanos() + 59_999_999_999L) / 60_000_000_000L);
    Files.writeString(
        out.resolve("report.html"), ReportHtml.write(report, minutes), StandardCharsets.UTF_8);
    String text = ReportText.write(report);
    Files.writeString(out.resolve("report.txt"), text, StandardCharsets.UTF_8);
    System.out.print(text);
    System.out.println(
        "wrote "
            + out.resolve("report.json")
            + ", "
            + out.resolve("report.html")
            + " and "
            + out.resolve("report.txt"));
    return 0;
  }

  private List<String> defaultNames(PolicyCatalog catalog) {
    List<String> out = new ArrayList<>(catalog.defaultNames());
    if (config != null) {
      out.add(ConfigPolicy.NAME);
    }
    return out;
  }

  private static List<String> trim(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (!n.isBlank()) {
        out.add(n.trim());
      }
    }
    return out;
  }
}
