package io.prescale.app.export;

import io.prescale.app.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prescale export}: the recorded arrivals of a --data-dir as a trace for simulate. */
@Command(
    name = "export",
    header = "Write the traffic a prescale run recorded as a trace that prescale simulate reads.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads DIR/windows.snapshot of a prescale run --data-dir DIR (never changing",
      "it) and writes every function's arrivals of the window (--since before the",
      "snapshot's last complete minute) to --out: the Azure Functions 2019 layout",
      "(per-minute counts, duration percentiles) or, within the per-second buckets",
      "kept (1 h), a TIMESTAMP,function,duration CSV. Per-minute counts are exactly",
      "the recorded ones. Then:",
      "  prescale simulate --trace TRACE_DIR --policy kpa,prescale",
      ""
    })
public final class ExportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data-dir",
      required = true,
      paramLabel = "DIR",
      description = "The --data-dir of a prescale run (holds windows.snapshot).")
  Path dataDir;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "TRACE_DIR",
      description = "Directory to write the trace into (created; must hold no CSV file).")
  Path out;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description =
          "Window length before the last complete minute, 1m to 90d (default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "auto",
      description =
          "auto (seconds when the window is within the per-second buckets kept), minutes (Azure 2019"
              + " layout) or seconds (TIMESTAMP CSV) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--anonymize",
      description = "Rename functions and apps to opaque SHA-256 hashes (of --salt and the name).")
  boolean anonymize;

  @Option(
      names = "--salt",
      paramLabel = "TEXT",
      description =
          "Salt of the --anonymize hashes; the same salt gives the same names (default: random).")
  String salt;

  @Override
  public Integer call() throws IOException {
    ExportRequest req;
    try {
      req =
          new ExportRequest(
              since, format, anonymize, salt != null ? salt : UUID.randomUUID().toString());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
    }
    DataDirSnapshot snap = DataDirSnapshot.load(dataDir);
    ExportedTrace t =
        TraceExport.write(snap.store(), null, out, req, snap.writtenAtNanos(), () -> false);
    PrintWriter w = spec.commandLine().getOut();
    w.printf(
        "wrote %d invocations of %d functions (%s, %s to %s) to %s%n",
        t.invocations(),
        t.names().size(),
        t.format(),
        TraceExport.instant(t.fromSecond()),
        TraceExport.instant(t.toSecond()),
        t.dir());
    w.flush();
    return 0;
  }
}
