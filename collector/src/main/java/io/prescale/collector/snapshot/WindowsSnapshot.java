package io.prescale.collector.snapshot;

import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Saves every function of a {@link FunctionStore} to one file and restores it, so that the windows
 * (and the models the autoscaler rebuilds from them) survive a restart.
 *
 * <p><b>File.</b> {@code MAGIC} (8 bytes), format version (int), flags (int, 0), then the gzip'ed
 * body, then a trailer: the body's length (long) and CRC32 (int) over the compressed body. The body
 * holds the write time, a fingerprint of the sealed-block encoding, the window configuration, and
 * one {@link SnapshotCodec} record per function, each preceded by a 1 byte and the last followed by
 * a 0 byte, then the {@link SnapshotExtension} section (the collector's ingest state): its length
 * (int, 0 when none) and its bytes. All numbers big-endian.
 *
 * <p><b>Writing</b> ({@link #write}) goes to {@code <file>.tmp} in the same directory, is fsync'ed,
 * then atomically renamed over the file (and the directory fsync'ed): a crash leaves either the
 * previous or the new snapshot, never a torn one. Each function's lock is held only while its
 * record is copied; ingest goes on meanwhile.
 *
 * <p><b>A bad function</b> (a negative total, a non-finite sum or in-flight time: {@link
 * SnapshotRules}) is left out when writing and, should a file hold one, dropped alone when
 * restoring (one WARN naming it, counted in {@link Restored#dropped()}); the same rule on both
 * sides, so a snapshot never holds what restore refuses.
 *
 * <p><b>Restoring</b> ({@link #restore}) is otherwise all or nothing: a missing file restores nothing; a file
 * that is too large, truncated, fails its checksum, has another magic or version, was written with
 * other window settings or a different block encoding, or holds a record out of bounds is moved
 * aside to {@code <file>.corrupt-<epochmillis>} and nothing is restored (the result says why).
 * Every count is bounds-checked before allocating (see {@link SnapshotInput}). Never throws for a
 * bad file.
 */
public final class WindowsSnapshot {
  /** The snapshot's file name in the data directory. */
  public static final String FILE_NAME = "windows.snapshot";
  /**
   * 4: the ingest-state section after the functions ({@link SnapshotExtension}); 3: in-flight
   * columns of sealed blocks may be predicted from arrivals ({@link io.prescale.collector.window.sealed.HourCodec}); 2: sparse columns
   * got a shorter header ({@link io.prescale.collector.window.sealed.RiceColumns}). Older versions are refused.
   */
  public static final int FORMAT_VERSION = 4;
  /** Larger files are refused before reading. */
  public static final long MAX_FILE_BYTES = 4L << 30;
  static final byte[] MAGIC = {'P', 'S', 'N', 'A', 'P', '\r', '\n', 0x1A};
  private static final int HEADER = MAGIC.length + 8;
  private static final int TRAILER = 12;
  private static final Logger LOG = Logger.getLogger(WindowsSnapshot.class.getName());

  private WindowsSnapshot() {}

  /**
   * What {@link #write} wrote; {@code skipped} functions broke {@link SnapshotRules} and were left
   * out (each logged at WARN).
   */
  public record Written(long bytes, int functions, int skipped) {}

  /**
   * What {@link #restore} did: {@code functions} restored; {@code problem} null when the file was
   * absent or fine, else why it was refused; {@code setAside} where the refused file went (null
   * when absent, fine, or it could not be moved).
   */
  public record Restored(int functions, Instant writtenAt, String problem, Path setAside, int dropped) {
    /** A restore that dropped no function. */
    public Restored(int functions, Instant writtenAt, String problem, Path setAside) {
      this(functions, writtenAt, problem, setAside, 0);
    }

    public boolean refused() {
      return problem != null;
    }
  }

  /**
   * Writes every function of {@code store} to {@code file} atomically, stamped {@code
   * nowEpochNanos}. On an I/O error (disk full, permission) the previous snapshot stays and the
   * temporary file is removed.
   */
  public static Written write(FunctionStore store, Path file, long nowEpochNanos) throws IOException {
    return write(store, file, nowEpochNanos, null);
  }

  /**
   * Like {@link #write(FunctionStore, Path, long)}, with {@code extension}'s state (null: none),
   * captured before the windows are copied.
   */
  public static Written write(FunctionStore store, Path file, long nowEpochNanos, SnapshotExtension extension)
      throws IOException {
    Objects.requireNonNull(store, "store");
    byte[] section = extension == null ? new byte[0] : extension.capture();
    if (section.length > SnapshotExtension.MAX_BYTES) {
      throw new IOException("ingest state = " + section.length + " bytes, must be in [0; " + SnapshotExtension.MAX_BYTES + "]");
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    int functions = 0;
    int skipped = 0;
    long size;
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      DataOutputStream header = new DataOutputStream(raw);
      header.write(MAGIC);
      header.writeInt(FORMAT_VERSION);
      header.writeInt(0);
      header.flush();
      SnapshotStreams.Checked checked = new SnapshotStreams.Checked(raw);
      GZIPOutputStream gz = new GZIPOutputStream(checked, 1 << 16);
      DataOutputStream body = new DataOutputStream(new BufferedOutputStream(gz, 1 << 16));
      body.writeLong(nowEpochNanos);
      body.writeInt(SnapshotCodec.blockFingerprint());
      writeConfig(body, store.windowConfig());
      for (FunctionKey key : store.functions()) {
        FunctionWindows w = store.get(key);
        if (w == null) {
          continue; // evicted meanwhile
        }
        byte[] record;
        try {
          record = SnapshotCodec.encode(w, store.labels(key), store.lastTouchedNanos(key));
        } catch (SnapshotCodec.Unsaveable e) {
          LOG.warning("snapshot: function " + key + " left out, restore would refuse it: " + e.getMessage());
          skipped++;
          continue;
        }
        body.writeByte(1);
        body.write(record);
        functions++;
      }
      body.writeByte(0);
      body.writeInt(section.length);
      body.write(section);
      body.flush();
      gz.finish();
      checked.flush();
      DataOutputStream trailer = new DataOutputStream(raw);
      trailer.writeLong(checked.count);
      trailer.writeInt((int) checked.crc.getValue());
      trailer.flush();
      ch.force(true);
      size = ch.size();
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the next write truncates it
      }
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    SnapshotStreams.syncDirectory(file.toAbsolutePath().getParent());
    return new Written(size, functions, skipped);
  }

  /**
   * Restores {@code file} into {@code store} (functions already tracked are kept as they are;
   * past the store's bound the rest are left out). A refused file is moved aside, named with
   * {@code nowEpochMillis}. Never throws for a bad or unreadable file.
   */
  public static Restored restore(FunctionStore store, Path file, long nowEpochMillis) {
    return restore(store, file, nowEpochMillis, null);
  }

  /**
   * Like {@link #restore(FunctionStore, Path, long)}, and restores {@code extension}'s state (null:
   * its section is skipped) when, and only when, the whole file is good.
   */
  public static Restored restore(FunctionStore store, Path file, long nowEpochMillis, SnapshotExtension extension) {
    Objects.requireNonNull(store, "store");
    List<SnapshotCodec.Restored> read = new ArrayList<>();
    Runnable[] apply = new Runnable[1];
    long writtenAt;
    try {
      writtenAt = read(file, store, read, extension, apply);
    } catch (NoSuchFileException e) {
      return new Restored(0, null, null, null);
    } catch (IOException | RuntimeException e) {
      String problem = SnapshotInput.truncated(e) ? "truncated (the body ends early)"
          : e instanceof SnapshotInput.Corrupt ? e.getMessage()
          : e instanceof java.util.zip.ZipException ? "the compressed body is damaged: " + e.getMessage()
          : "unreadable: " + e;
      return new Restored(0, null, problem, setAside(file, nowEpochMillis));
    }
    int restored = 0;
    int dropped = 0;
    for (SnapshotCodec.Restored r : read) {
      if (r.problem() != null) {
        LOG.warning("snapshot " + file + ": function " + r.windows().function() + " dropped, the rest restored: "
            + r.problem());
        dropped++;
        continue;
      }
      if (store.restore(r.windows(), r.labels(), r.lastTouchedNanos())) {
        restored++;
      }
    }
    if (apply[0] != null) {
      apply[0].run();
    }
    return new Restored(restored, Instant.ofEpochSecond(0, 0).plusNanos(writtenAt), null, null, dropped);
  }

  /**
   * Reads {@code file} into {@code into} without touching the store or the file: every refusal is
   * an {@link IOException} ({@link SnapshotInput.Corrupt}, EOF, a damaged gzip stream); anything
   * else thrown is a bug (the fuzz tests call this directly to tell the two apart).
   */
  static long read(Path file, FunctionStore store, List<SnapshotCodec.Restored> into,
      SnapshotExtension extension, Runnable[] apply) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > MAX_FILE_BYTES) {
        throw new SnapshotInput.Corrupt("too large: " + size + " bytes, at most " + MAX_FILE_BYTES);
      }
      if (size < MAGIC.length) {
        throw new SnapshotInput.Corrupt("truncated: " + size + " bytes, not even the header");
      }
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEADER, size));
      SnapshotStreams.readFully(ch, head, 0);
      byte[] magic = Arrays.copyOf(head.array(), MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new SnapshotInput.Corrupt("not a Prescale snapshot (wrong magic bytes)");
      }
      if (size < HEADER + TRAILER) {
        throw new SnapshotInput.Corrupt("truncated: " + size + " bytes, less than header and trailer");
      }
      int version = head.getInt(MAGIC.length);
      if (version != FORMAT_VERSION) {
        throw new SnapshotInput.Corrupt("format version " + version + ", this build reads version " + FORMAT_VERSION);
      }
      int flags = head.getInt(MAGIC.length + 4);
      if (flags != 0) {
        throw new SnapshotInput.Corrupt("flags = " + flags + ", must be 0");
      }
      ByteBuffer tail = ByteBuffer.allocate(TRAILER);
      SnapshotStreams.readFully(ch, tail, size - TRAILER);
      long bodyLength = tail.getLong(0);
      int storedCrc = tail.getInt(8);
      if (bodyLength != size - HEADER - TRAILER) {
        throw new SnapshotInput.Corrupt("truncated or damaged: the trailer says " + bodyLength
            + " body bytes, the file holds " + (size - HEADER - TRAILER));
      }
      CRC32 crc = new CRC32();
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      for (long pos = HEADER, end = HEADER + bodyLength; pos < end; ) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new java.io.EOFException();
        }
        buf.flip();
        crc.update(buf);
        pos += n;
      }
      if ((int) crc.getValue() != storedCrc) {
        throw new SnapshotInput.Corrupt("checksum mismatch (stored " + Integer.toHexString(storedCrc)
            + ", computed " + Integer.toHexString((int) crc.getValue()) + ")");
      }
      InputStream body = new BufferedInputStream(new GZIPInputStream(new BufferedInputStream(
          new SnapshotStreams.Bounded(Channels.newInputStream(ch.position(HEADER)), bodyLength), 1 << 16), 1 << 16), 1 << 16);
      SnapshotInput in = new SnapshotInput(body);
      long writtenAt = readBody(in, store, into);
      apply[0] = readExtension(in, body, extension);
      if (!in.atEnd()) {
        throw new SnapshotInput.Corrupt("bytes after the ingest state");
      }
      return writtenAt;
    }
  }

  private static long readBody(SnapshotInput in, FunctionStore store, List<SnapshotCodec.Restored> into)
      throws IOException {
    long writtenAt = in.readLong();
    int fingerprint = in.readInt();
    if (fingerprint != SnapshotCodec.blockFingerprint()) {
      throw new SnapshotInput.Corrupt("written by a build with another sealed-block encoding (fingerprint "
          + Integer.toHexString(fingerprint) + ", this build " + Integer.toHexString(SnapshotCodec.blockFingerprint()) + ")");
    }
    WindowConfig config = store.windowConfig();
    String settings = readConfig(in);
    if (!settings.equals(describe(config))) {
      throw new SnapshotInput.Corrupt("written with other window settings (" + settings + "; now " + describe(config) + ")");
    }
    int max = store.config().maxFunctions();
    for (int n = 0; ; n++) {
      int marker = in.readUnsignedByte();
      if (marker == 0) {
        break;
      }
      if (marker != 1 || n >= max) {
        throw new SnapshotInput.Corrupt(marker != 1 ? "record marker = " + marker + " after " + n + " functions, must be 0 or 1"
            : "more than " + max + " functions (the store's bound)");
      }
      try {
        into.add(SnapshotCodec.decode(in, config));
      } catch (SnapshotInput.Corrupt e) {
        throw new SnapshotInput.Corrupt("function #" + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    return writtenAt;
  }

  /** The section after the functions: read through a stream bounded to its declared length. */
  private static Runnable readExtension(SnapshotInput in, InputStream body, SnapshotExtension extension)
      throws IOException {
    int length = in.count("ingest state length", 0, SnapshotExtension.MAX_BYTES);
    SnapshotStreams.Bounded section = new SnapshotStreams.Bounded(body, length);
    if (extension == null) {
      if (section.transferTo(OutputStream.nullOutputStream()) != length) {
        throw new java.io.EOFException();
      }
      return null;
    }
    Runnable apply;
    try {
      apply = extension.read(new java.io.DataInputStream(section));
    } catch (java.io.EOFException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SnapshotInput.Corrupt("ingest state: " + e.getMessage(), e);
    }
    if (section.read() >= 0) {
      throw new SnapshotInput.Corrupt("ingest state: bytes after its end (declared " + length + " bytes)");
    }
    return apply;
  }

  static void writeConfig(DataOutputStream out, WindowConfig c) throws IOException {
    out.writeInt(c.retainedSeconds());
    out.writeInt(c.retainedMinutes());
    out.writeLong(c.lateness().toNanos());
    out.writeLong(c.histogramWindow().toNanos());
    out.writeDouble(c.relativeAccuracy());
    out.writeInt(c.maxSketchBins());
    out.writeLong(c.instanceWindow().toNanos());
    out.writeInt(c.maxInstances());
  }

  private static String readConfig(SnapshotInput in) throws IOException {
    return "retainedSeconds=" + in.readInt() + ", retainedMinutes=" + in.readInt() + ", latenessNanos="
        + in.readLong() + ", histogramWindowNanos=" + in.readLong() + ", relativeAccuracy=" + in.readDouble()
        + ", maxSketchBins=" + in.readInt() + ", instanceWindowNanos=" + in.readLong() + ", maxInstances="
        + in.readInt();
  }

  private static String describe(WindowConfig c) {
    return "retainedSeconds=" + c.retainedSeconds() + ", retainedMinutes=" + c.retainedMinutes()
        + ", latenessNanos=" + c.lateness().toNanos() + ", histogramWindowNanos=" + c.histogramWindow().toNanos()
        + ", relativeAccuracy=" + c.relativeAccuracy() + ", maxSketchBins=" + c.maxSketchBins()
        + ", instanceWindowNanos=" + c.instanceWindow().toNanos() + ", maxInstances=" + c.maxInstances();
  }

  /** Moves {@code file} to {@code <file>.corrupt-<millis>}; null when it cannot be moved. */
  private static Path setAside(Path file, long nowEpochMillis) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + nowEpochMillis);
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      return aside;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
