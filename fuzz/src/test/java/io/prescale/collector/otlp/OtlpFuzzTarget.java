package io.prescale.collector.otlp;

import com.google.protobuf.Message;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.StoreInvariants;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import io.prescale.fuzz.ProtoMutations;
import io.prescale.fuzz.TextMutations;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;

/**
 * One OTLP/HTTP body of one signal and encoding, through the path the server takes on its decode
 * worker and ingest thread: {@link BodyCollector}, {@link OtlpHttpHandler#decode}, the signal's
 * ingest into a fresh {@link CollectorSink} (twice, one second apart: the second pass meets the
 * functions and cumulative streams the first created) and the response. Properties: the only
 * exception is the documented client error (400 / 413); ingest never throws (the server would count
 * an internal error and refuse the items); accepted and rejected are within the items; the response
 * encodes; every function in the store keeps {@link StoreInvariants}.
 */
final class OtlpFuzzTarget implements FuzzTarget {
  private static final int MAX_BODY = 16 << 20;
  private final Signal signal;
  private final Encoding encoding;

  OtlpFuzzTarget(Signal signal, Encoding encoding) {
    this.signal = signal;
    this.encoding = encoding;
  }

  @Override
  public String name() {
    return "otlp-" + signal.label() + "-" + (encoding == Encoding.JSON ? "json" : "proto");
  }

  @Override
  public List<byte[]> seeds() {
    return OtlpSeeds.seeds(signal, encoding);
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    if (m.random().nextInt(3) == 0) {
      return m.anyBytes(input);
    }
    return encoding == Encoding.JSON
        ? TextMutations.mutate(m, input, false)
        : ProtoMutations.mutate(m, input);
  }

  @Override
  public String check(byte[] input) {
    BodyCollector body = new BodyCollector(MAX_BODY, false, input.length);
    if (!body.append(Buffer.buffer(input))) {
      return "413";
    }
    Message request;
    try {
      body.finish();
      request = OtlpHttpHandler.decode(signal, encoding, body);
    } catch (MalformedRequestException e) {
      return "400";
    } catch (BodyCollector.TooLargeException e) {
      return "413";
    }
    long items = signal.countItems(request);
    FunctionStore store = new FunctionStore(StoreConfig.defaults(), WindowConfig.defaults());
    CollectorSink sink =
        new CollectorSink(
            store,
            new ManualTimeSource(Instant.ofEpochSecond(0, OtlpSeeds.NOW - 3_600_000_000_000L)));
    IngestResult r = null;
    for (int pass = 0; pass < 2; pass++) {
      long now = OtlpSeeds.NOW + pass * 1_000_000_000L;
      r = signal.ingest(sink, request, now);
      if (r.accepted() < 0 || r.rejected() < 0 || r.accepted() + r.rejected() != items) {
        throw new AssertionError(name() + ": " + r + " for " + items + " items");
      }
      Message response = signal.response(r);
      byte[] bytes = encoding == Encoding.JSON ? OtlpJson.print(response) : response.toByteArray();
      if (bytes == null) {
        throw new AssertionError("no response");
      }
      StoreInvariants.check(store, now);
    }
    return r.rejected() > 0 ? "200-partial" : "200";
  }
}
