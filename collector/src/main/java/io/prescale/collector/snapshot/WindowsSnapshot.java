package io.prescale.collector.snapshot;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.prescale.collector.snapshot.proto.FunctionRecord;
import io.prescale.collector.snapshot.proto.Header;
import io.prescale.collector.snapshot.proto.Snapshot;
import io.prescale.collector.snapshot.proto.WindowSettings;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
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
import java.util.zip.ZipException;

/**
 * Saves every function of a {@link FunctionStore} to one file and restores it, so that the windows
 * (and the models the autoscaler rebuilds from them) survive a restart. {@link #write} is atomic
 * (temporary file, fsync, rename); {@link #restore} drops a bad function alone ({@link
 * SnapshotRules}) and is otherwise all or nothing, moving a bad file aside. Never throws for a bad
 * file. The file layout and every rule: docs/collector.md ("Snapshots").
 */
public final class WindowsSnapshot {
  /** The snapshot's file name in the data directory. */
  public static final String FILE_NAME = "windows.snapshot";

  /**
   * 5: the body is protobuf ({@code snapshot.proto}); 4: the ingest-state section after the
   * functions ({@link SnapshotExtension}), still read ({@link LegacySnapshotReader}); 3: in-flight
   * columns of sealed blocks may be predicted from arrivals; 2: sparse columns got a shorter
   * header. Versions before 4 are refused.
   */
  public static final int FORMAT_VERSION = 5;

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
  public record Restored(
      int functions, Instant writtenAt, String problem, Path setAside, int dropped) {
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
  public static Written write(FunctionStore store, Path file, long nowEpochNanos)
      throws IOException {
    return write(store, file, nowEpochNanos, null);
  }

  /**
   * Like {@link #write(FunctionStore, Path, long)}, with {@code extension}'s state (null: none),
   * captured before the windows are copied.
   */
  public static Written write(
      FunctionStore store, Path file, long nowEpochNanos, SnapshotExtension extension)
      throws IOException {
    Objects.requireNonNull(store, "store");
    byte[] section = extension == null ? new byte[0] : extension.capture();
    if (section.length > SnapshotExtension.MAX_BYTES) {
      throw new IOException(
          "ingest state = "
              + section.length
              + " bytes, must be in [0; "
              + SnapshotExtension.MAX_BYTES
              + "]");
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    int functions = 0;
    int skipped = 0;
    long size;
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      DataOutputStream header = new DataOutputStream(raw);
      header.write(MAGIC);
      header.writeInt(FORMAT_VERSION);
      header.writeInt(0);
      header.flush();
      SnapshotStreams.Checked checked = new SnapshotStreams.Checked(raw);
      GZIPOutputStream gz = new GZIPOutputStream(checked, 1 << 16);
      CodedOutputStream body = CodedOutputStream.newInstance(gz, 1 << 16);
      body.writeMessage(
          Snapshot.HEADER_FIELD_NUMBER,
          Header.newBuilder()
              .setWrittenAtNanos(nowEpochNanos)
              .setBlockFingerprint(FunctionRecords.blockFingerprint())
              .setSettings(settings(store.windowConfig()))
              .build());
      for (FunctionKey key : store.functions()) {
        FunctionWindows w = store.get(key);
        if (w == null) {
          continue; // evicted meanwhile
        }
        FunctionRecord record;
        try {
          record = FunctionRecords.encode(w, store.labels(key), store.lastTouchedNanos(key));
        } catch (FunctionRecords.Unsaveable e) {
          LOG.warning(
              "snapshot: function "
                  + key
                  + " left out, restore would refuse it: "
                  + e.getMessage());
          skipped++;
          continue;
        }
        body.writeMessage(Snapshot.FUNCTIONS_FIELD_NUMBER, record);
        functions++;
      }
      if (section.length > 0) {
        body.writeTag(Snapshot.INGEST_STATE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        body.writeUInt32NoTag(section.length);
        body.writeRawBytes(section);
      }
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
   * Restores {@code file} into {@code store} (functions already tracked are kept as they are; past
   * the store's bound the rest are left out). A refused file is moved aside, named with {@code
   * nowEpochMillis}. Never throws for a bad or unreadable file.
   */
  public static Restored restore(FunctionStore store, Path file, long nowEpochMillis) {
    return restore(store, file, nowEpochMillis, null);
  }

  /**
   * Like {@link #restore(FunctionStore, Path, long)}, and restores {@code extension}'s state (null:
   * its section is skipped) when, and only when, the whole file is good.
   */
  public static Restored restore(
      FunctionStore store, Path file, long nowEpochMillis, SnapshotExtension extension) {
    Objects.requireNonNull(store, "store");
    List<FunctionRecords.Restored> read = new ArrayList<>();
    Runnable[] apply = new Runnable[1];
    long writtenAt;
    try {
      writtenAt = read(file, store, read, extension, apply);
    } catch (NoSuchFileException e) {
      return new Restored(0, null, null, null);
    } catch (IOException | RuntimeException e) {
      String problem =
          truncated(e)
              ? "truncated (the body ends early)"
              : e instanceof SnapshotInput.Corrupt
                  ? e.getMessage()
                  : e instanceof ZipException
                      ? "the compressed body is damaged: " + e.getMessage()
                      : e instanceof InvalidProtocolBufferException
                          ? "malformed body: " + e.getMessage()
                          : "unreadable: " + e;
      return new Restored(0, null, problem, setAside(file, nowEpochMillis));
    }
    int restored = 0;
    int dropped = 0;
    for (FunctionRecords.Restored r : read) {
      if (r.problem() != null) {
        LOG.warning(
            "snapshot "
                + file
                + ": function "
                + r.windows().function()
                + " dropped, the rest restored: "
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
    return new Restored(
        restored, Instant.ofEpochSecond(0, 0).plusNanos(writtenAt), null, null, dropped);
  }

  /**
   * Reads {@code file} into {@code into} without touching the store or the file: every refusal is
   * an {@link IOException} ({@link SnapshotInput.Corrupt}, EOF, a damaged gzip stream); anything
   * else thrown is a bug (the fuzz tests call this directly to tell the two apart).
   */
  static long read(
      Path file,
      FunctionStore store,
      List<FunctionRecords.Restored> into,
      SnapshotExtension extension,
      Runnable[] apply)
      throws IOException {
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
        throw new SnapshotInput.Corrupt(
            "truncated: " + size + " bytes, less than header and trailer");
      }
      int version = head.getInt(MAGIC.length);
      if (version != FORMAT_VERSION && version != LegacySnapshotReader.VERSION) {
        throw new SnapshotInput.Corrupt(
            "format version "
                + version
                + ", this build reads version "
                + FORMAT_VERSION
                + " (and "
                + LegacySnapshotReader.VERSION
                + ")");
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
        throw new SnapshotInput.Corrupt(
            "truncated or damaged: the trailer says "
                + bodyLength
                + " body bytes, the file holds "
                + (size - HEADER - TRAILER));
      }
      CRC32 crc = new CRC32();
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      for (long pos = HEADER, end = HEADER + bodyLength; pos < end; ) {
        buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
        int n = ch.read(buf, pos);
        if (n < 0) {
          throw new EOFException();
        }
        buf.flip();
        crc.update(buf);
        pos += n;
      }
      if ((int) crc.getValue() != storedCrc) {
        throw new SnapshotInput.Corrupt(
            "checksum mismatch (stored "
                + Integer.toHexString(storedCrc)
                + ", computed "
                + Integer.toHexString((int) crc.getValue())
                + ")");
      }
      InputStream body =
          new BufferedInputStream(
              new GZIPInputStream(
                  new BufferedInputStream(
                      new SnapshotStreams.Bounded(
                          Channels.newInputStream(ch.position(HEADER)), bodyLength),
                      1 << 16),
                  1 << 16),
              1 << 16);
      return version == LegacySnapshotReader.VERSION
          ? LegacySnapshotReader.read(body, store, into, extension, apply)
          : readBody(body, store, into, extension, apply);
    }
  }

  /**
   * A format-5 body: the {@code Snapshot} message field by field, one function in memory at a time.
   * The header comes first; unknown fields (a newer build's) are skipped.
   */
  private static long readBody(
      InputStream body,
      FunctionStore store,
      List<FunctionRecords.Restored> into,
      SnapshotExtension extension,
      Runnable[] apply)
      throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body, 1 << 16);
    in.setSizeLimit(
        Integer.MAX_VALUE); // counted per field (resetSizeCounter): the file is bounded already
    Header header = null;
    boolean ingest = false;
    int max = store.config().maxFunctions();
    int n = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      in.resetSizeCounter();
      int field = WireFormat.getTagFieldNumber(tag);
      if (field != Snapshot.HEADER_FIELD_NUMBER
          && field != Snapshot.FUNCTIONS_FIELD_NUMBER
          && field != Snapshot.INGEST_STATE_FIELD_NUMBER) {
        in.skipField(tag); // a newer build's
        continue;
      }
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        throw new SnapshotInput.Corrupt(
            "snapshot field "
                + field
                + " has wire type "
                + WireFormat.getTagWireType(tag)
                + ", must be "
                + WireFormat.WIRETYPE_LENGTH_DELIMITED);
      }
      if (field == Snapshot.HEADER_FIELD_NUMBER) {
        if (header != null) {
          throw new SnapshotInput.Corrupt("a second header");
        }
        header =
            checked(
                in.readMessage(Header.parser(), ExtensionRegistryLite.getEmptyRegistry()),
                store.windowConfig());
      } else if (header == null) {
        throw new SnapshotInput.Corrupt("snapshot field " + field + " before the header");
      } else if (field == Snapshot.FUNCTIONS_FIELD_NUMBER) {
        if (n >= max) {
          throw new SnapshotInput.Corrupt("more than " + max + " functions (the store's bound)");
        }
        n++;
        FunctionRecord record =
            in.readMessage(FunctionRecord.parser(), ExtensionRegistryLite.getEmptyRegistry());
        try {
          into.add(FunctionRecords.decode(record, store.windowConfig()));
        } catch (SnapshotInput.Corrupt e) {
          throw new SnapshotInput.Corrupt("function #" + n + ": " + e.getMessage(), e);
        }
      } else {
        if (ingest) {
          throw new SnapshotInput.Corrupt("a second ingest state");
        }
        ingest = true;
        apply[0] = readExtension(in, extension);
      }
    }
    if (header == null) {
      throw new SnapshotInput.Corrupt("no header");
    }
    return header.getWrittenAtNanos();
  }

  /** {@code h}, when its fingerprint and settings are this build's and the store's. */
  private static Header checked(Header h, WindowConfig config) throws SnapshotInput.Corrupt {
    if (h.getBlockFingerprint() != FunctionRecords.blockFingerprint()) {
      throw new SnapshotInput.Corrupt(
          "written by a build with another sealed-block encoding (fingerprint "
              + Integer.toHexString(h.getBlockFingerprint())
              + ", this build "
              + Integer.toHexString(FunctionRecords.blockFingerprint())
              + ")");
    }
    WindowSettings w = h.getSettings();
    String settings =
        "retainedSeconds="
            + w.getRetainedSeconds()
            + ", retainedMinutes="
            + w.getRetainedMinutes()
            + ", latenessNanos="
            + w.getLatenessNanos()
            + ", histogramWindowNanos="
            + w.getHistogramWindowNanos()
            + ", relativeAccuracy="
            + w.getRelativeAccuracy()
            + ", maxSketchBins="
            + w.getMaxSketchBins()
            + ", instanceWindowNanos="
            + w.getInstanceWindowNanos()
            + ", maxInstances="
            + w.getMaxInstances();
    if (!settings.equals(describe(config))) {
      throw new SnapshotInput.Corrupt(
          "written with other window settings (" + settings + "; now " + describe(config) + ")");
    }
    return h;
  }

  static WindowSettings settings(WindowConfig c) {
    return WindowSettings.newBuilder()
        .setRetainedSeconds(c.retainedSeconds())
        .setRetainedMinutes(c.retainedMinutes())
        .setLatenessNanos(c.lateness().toNanos())
        .setHistogramWindowNanos(c.histogramWindow().toNanos())
        .setRelativeAccuracy(c.relativeAccuracy())
        .setMaxSketchBins(c.maxSketchBins())
        .setInstanceWindowNanos(c.instanceWindow().toNanos())
        .setMaxInstances(c.maxInstances())
        .build();
  }

  /**
   * The ingest-state section: its length checked, then handed whole to {@code extension} (null:
   * skipped).
   */
  private static Runnable readExtension(CodedInputStream in, SnapshotExtension extension)
      throws IOException {
    int length = in.readRawVarint32();
    if (length < 0 || length > SnapshotExtension.MAX_BYTES) {
      throw new SnapshotInput.Corrupt(
          "ingest state length = "
              + length
              + ", must be in [0; "
              + SnapshotExtension.MAX_BYTES
              + "]");
    }
    if (extension == null) {
      in.skipRawBytes(length);
      return null;
    }
    ByteArrayInputStream section = new ByteArrayInputStream(in.readRawBytes(length));
    Runnable apply;
    try {
      apply = extension.read(new DataInputStream(section));
    } catch (EOFException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SnapshotInput.Corrupt("ingest state: " + e.getMessage(), e);
    }
    if (section.read() >= 0) {
      throw new SnapshotInput.Corrupt(
          "ingest state: bytes after its end (declared " + length + " bytes)");
    }
    return apply;
  }

  /** The body ended early: an EOF, or protobuf's "input ended unexpectedly". */
  static boolean truncated(Throwable e) {
    return SnapshotInput.truncated(e)
        || (e instanceof InvalidProtocolBufferException
            && e.getMessage() != null
            && e.getMessage().contains("input ended unexpectedly"));
  }

  /** The window configuration as format 4 wrote it (tests build format-4 bodies with it). */
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

  static String describe(WindowConfig c) {
    return "retainedSeconds="
        + c.retainedSeconds()
        + ", retainedMinutes="
        + c.retainedMinutes()
        + ", latenessNanos="
        + c.lateness().toNanos()
        + ", histogramWindowNanos="
        + c.histogramWindow().toNanos()
        + ", relativeAccuracy="
        + c.relativeAccuracy()
        + ", maxSketchBins="
        + c.maxSketchBins()
        + ", instanceWindowNanos="
        + c.instanceWindow().toNanos()
        + ", maxInstances="
        + c.maxInstances();
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
