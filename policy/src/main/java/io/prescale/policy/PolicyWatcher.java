package io.prescale.policy;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the last good policy of one file in force and picks up changes without a restart.
 *
 * <p>{@link #poll()} reads the file (it is small) and fingerprints it (mtime, size, SHA-256, and
 * which file it is: inode and real path). A changed file is loaded only once it is complete:
 *
 * <ul>
 *   <li>edited in place: after the same fingerprint held for the whole {@code quietPeriod} (5 s by
 *       default), longer than a writer pauses, so a file truncated or half-written (even one that
 *       is valid YAML, such as a valid prefix) is never loaded while it is being written;
 *   <li>replaced as a whole since the previous poll (an atomic rename over it, or a symlink swap as
 *       Kubernetes ConfigMap mounts do): at once, a rename only ever shows complete content. A file
 *       that was missing at the previous poll (delete, then re-create) counts as edited in place.
 * </ul>
 *
 * An invalid, missing or unreadable file keeps the last good policy, logs every error once, sets
 * {@code prescale_policy_last_reload_success} to 0 and counts {@code
 * prescale_policy_reload_errors_total} once per bad version. A reload that drops rules of the
 * active policy logs one WARN line naming them, shows them in {@link PolicyStatus} and sets {@code
 * prescale_policy_last_reload_removed_rules}. The swap is one volatile write: readers see the old
 * policy or the new one, never a mix.
 *
 * <p>{@link #start()} polls on a daemon thread every {@code interval} (1 s by default); tests call
 * {@link #poll()} themselves with a manual clock.
 */
public final class PolicyWatcher implements PolicyProvider, AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  /** How long an in-place edit must hold still before it is loaded. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofSeconds(5);

  static final Duration MAX_QUIET_PERIOD = Duration.ofMinutes(10);
  private static final Logger LOG = Logger.getLogger(PolicyWatcher.class.getName());

  private final Path file;
  private final PolicyLoader loader;
  private final TimeSource time;
  private final Duration interval;
  private final Duration quietPeriod;
  private final ReloadMetrics metrics;

  private volatile Policy current;
  private volatile PolicyStatus status;

  // Poll state, guarded by this.
  private Fingerprint activeFp;
  private Fingerprint candidateFp;
  private Instant candidateSince;
  private Fingerprint failedFp;
  private Fingerprint lastSeenFp;
  private ScheduledExecutorService executor;

  private PolicyWatcher(
      Path file,
      PolicyLoader loader,
      TimeSource time,
      Duration interval,
      Duration quietPeriod,
      ReloadMetrics metrics) {
    this.file = file;
    this.loader = loader;
    this.time = time;
    this.interval = interval;
    this.quietPeriod = quietPeriod;
    this.metrics = metrics;
  }

  /**
   * Loads {@code file} now and watches it from then on. A file that is invalid at start is an error
   * (the process should not start on a policy it cannot read).
   *
   * @param registry where the reload series are registered; null registers none
   */
  public static PolicyWatcher open(
      Path file,
      PolicyLoader loader,
      TimeSource time,
      PrometheusRegistry registry,
      Duration interval)
      throws PolicyException {
    return open(file, loader, time, registry, interval, DEFAULT_QUIET_PERIOD);
  }

  /**
   * @param quietPeriod how long an in-place edit must hold still before it is loaded, in [0s; 10m];
   *     a whole-file replacement (rename, symlink swap) does not wait
   */
  public static PolicyWatcher open(
      Path file,
      PolicyLoader loader,
      TimeSource time,
      PrometheusRegistry registry,
      Duration interval,
      Duration quietPeriod)
      throws PolicyException {
    Objects.requireNonNull(file, "file");
    if (quietPeriod == null
        || quietPeriod.isNegative()
        || quietPeriod.compareTo(MAX_QUIET_PERIOD) > 0) {
      throw new IllegalArgumentException(
          "policy-quiet-period = "
              + (quietPeriod == null ? null : Durations.format(quietPeriod))
              + ", must be in [0s; "
              + Durations.format(MAX_QUIET_PERIOD)
              + "]");
    }
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(time, "time");
    if (interval.isNegative()
        || interval.isZero()
        || interval.compareTo(Duration.ofSeconds(2)) > 0) {
      throw new IllegalArgumentException(
          "interval = " + Durations.format(interval) + ", must be in (0s; 2s]");
    }
    PolicyWatcher w =
        new PolicyWatcher(
            file,
            loader,
            time,
            interval,
            quietPeriod,
            registry == null ? null : new ReloadMetrics(registry));
    Read r = w.read();
    w.lastSeenFp = r.fp;
    if (r.errors != null) {
      throw new PolicyException(r.errors);
    }
    Policy p;
    try {
      p = loader.parse(r.bytes, file.toString());
    } catch (PolicyException e) {
      w.failed(e.errors());
      throw e;
    }
    w.activate(p, r.fp, 1);
    return w;
  }

  /** The policy in force. */
  public Policy current() {
    return current;
  }

  /** Version, hash, load time and pending errors. */
  public PolicyStatus status() {
    return status;
  }

  @Override
  public DeciderSpec specFor(FunctionKey function, Map<String, String> labels, Instant now) {
    return current.resolve(function, labels, now);
  }

  /**
   * Looks at the file once. Returns true when a new version became active. Never throws on a bad
   * file; safe to call from any thread.
   */
  public synchronized boolean poll() {
    Read r = read();
    Instant now = time.instant();
    Fingerprint previous = lastSeenFp;
    lastSeenFp = r.fp;
    boolean sameContent = r.errors == null && r.fp.sha256().equals(status.sha256());
    if (r.fp.equals(activeFp) || sameContent) {
      activeFp = r.fp; // a touch or a rewrite with the same bytes loads nothing
      candidateFp = null;
      failedFp = null;
      if (!status.pendingErrors().isEmpty() || !status.lastReloadSuccess()) {
        LOG.log(
            Level.INFO,
            "policy {0}: file is back to active version {1}",
            new Object[] {file, status.version()});
        if (metrics != null) {
          metrics.recovered();
        }
        status = withCheck(status, now, true, List.of());
      } else {
        status = withCheck(status, now, status.lastReloadSuccess(), status.pendingErrors());
      }
      return false;
    }
    if (!r.fp.sameVersion(candidateFp)) {
      candidateFp = r.fp; // changed since the last poll
      candidateSince = now;
      if (!replacedWhole(previous, r)) {
        status = withCheck(status, now, status.lastReloadSuccess(), status.pendingErrors());
        return false; // edited in place: wait until it holds still for the quiet period
      }
    } else if (Duration.between(candidateSince, now).compareTo(quietPeriod) < 0) {
      status = withCheck(status, now, status.lastReloadSuccess(), status.pendingErrors());
      return false;
    }
    if (r.fp.sameVersion(failedFp)) {
      status = withCheck(status, now, false, status.pendingErrors());
      return false;
    }
    List<PolicyError> errors = r.errors;
    if (errors == null) {
      try {
        Policy p = loader.parse(r.bytes, file.toString());
        activate(p, r.fp, status.version() + 1);
        return true;
      } catch (PolicyException e) {
        errors = e.errors();
      }
    }
    failedFp = r.fp;
    failed(errors);
    return false;
  }

  /**
   * True when the file readable now is another file than at the previous poll (a rename over it, a
   * symlink swap): its content was complete when it appeared. A file missing at the previous poll
   * may be being written after a delete, so it is not.
   */
  private static boolean replacedWhole(Fingerprint previous, Read now) {
    return now.errors == null
        && previous != null
        && previous.identity() != null
        && now.fp.identity() != null
        && previous.size() >= 0
        && !previous.identity().equals(now.fp.identity());
  }

  /** Polls every interval on a daemon thread until {@link #close()}. */
  public synchronized PolicyWatcher start() {
    if (executor == null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "prescale-policy-watcher");
                t.setDaemon(true);
                return t;
              });
      long ms = interval.toMillis();
      executor.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE, "policy " + file + ": poll failed; keeping version " + status.version(), e);
    }
  }

  private void activate(Policy p, Fingerprint fp, long version) {
    Instant now = time.instant();
    List<String> removed =
        current == null ? List.of() : RemovedRules.between(current.ruleNames(), p.ruleNames());
    current = p;
    activeFp = fp;
    candidateFp = null;
    failedFp = null;
    status =
        new PolicyStatus(
            file.toString(),
            version,
            fp.sha256(),
            now,
            p.ruleNames(),
            true,
            now,
            List.of(),
            removed);
    if (metrics != null) {
      metrics.loaded(version, now.getEpochSecond() + now.getNano() / 1e9);
      metrics.removedRules(removed.size());
    }
    if (!removed.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "policy {0}: version {1} removes {2} rule(s) of version {3}: {4}",
          new Object[] {file, version, removed.size(), version - 1, removed});
    }
    LOG.log(
        Level.INFO,
        "policy {0}: version {1} active (sha256 {2}, rules {3})",
        new Object[] {file, version, fp.sha256(), p.ruleNames()});
  }

  private void failed(List<PolicyError> errors) {
    Instant now = time.instant();
    if (status != null) {
      status = withCheck(status, now, false, errors);
    }
    if (metrics != null) {
      metrics.failed();
    }
    String keeping = status == null ? "" : "; keeping version " + status.version();
    LOG.log(
        Level.WARNING, "policy {0}: {1} error(s){2}", new Object[] {file, errors.size(), keeping});
    for (PolicyError e : errors) {
      LOG.log(Level.WARNING, e.toString());
    }
  }

  private static PolicyStatus withCheck(
      PolicyStatus s, Instant now, boolean ok, List<PolicyError> pending) {
    return new PolicyStatus(
        s.file(),
        s.version(),
        s.sha256(),
        s.loadedAt(),
        s.rules(),
        ok,
        now,
        pending,
        s.lastReloadRemovedRules());
  }

  /** The file's bytes and fingerprint, or the reason it cannot be read. */
  private Read read() {
    String name = file.toString();
    try {
      BasicFileAttributes attrs =
          Files.readAttributes(file, BasicFileAttributes.class); // follows symlinks
      long size = attrs.size();
      long mtime = attrs.lastModifiedTime().toMillis();
      String identity = file.toRealPath() + "#" + attrs.fileKey();
      if (size > PolicyLoader.MAX_BYTES) {
        return new Read(
            null,
            new Fingerprint(mtime, size, "too-large", identity),
            List.of(
                new PolicyError(
                    name,
                    0,
                    0,
                    "",
                    "file is " + size + " bytes, must be at most " + PolicyLoader.MAX_BYTES)));
      }
      byte[] bytes = Files.readAllBytes(file);
      return new Read(bytes, new Fingerprint(mtime, bytes.length, sha256(bytes), identity), null);
    } catch (NoSuchFileException e) {
      return new Read(
          null,
          Fingerprint.MISSING,
          List.of(
              new PolicyError(name, 0, 0, "", "file does not exist (deleted or being replaced?)")));
    } catch (IOException e) {
      return new Read(
          null,
          new Fingerprint(-1, -1, "unreadable: " + e, null),
          List.of(new PolicyError(name, 0, 0, "", "cannot read: " + e)));
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * What a poll saw: identical fingerprints mean identical content. {@code identity} names the file
   * behind the path (real path and inode), null when it could not be read.
   */
  record Fingerprint(long mtimeMillis, long size, String sha256, String identity) {
    static final Fingerprint MISSING = new Fingerprint(-1, -1, "missing", null);

    /** Same content, size and mtime, whichever file holds it. */
    boolean sameVersion(Fingerprint other) {
      return other != null
          && mtimeMillis == other.mtimeMillis
          && size == other.size
          && sha256.equals(other.sha256);
    }
  }

  private record Read(byte[] bytes, Fingerprint fp, List<PolicyError> errors) {}
}
