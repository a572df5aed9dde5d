package io.prescale.collector.otlp;

import com.google.protobuf.Message;
import io.prescale.fuzz.FuzzTarget;
import java.util.ArrayList;
import java.util.List;

/** The OTLP and gRPC framing targets, for the tests and the long pass. */
public final class OtlpFuzzTargets {
  private OtlpFuzzTargets() {}

  /** Every signal in protobuf and in JSON. */
  public static List<FuzzTarget> decoders() {
    List<FuzzTarget> l = new ArrayList<>();
    for (Signal s : Signal.values()) {
      l.add(new OtlpFuzzTarget(s, Encoding.PROTOBUF));
      l.add(new OtlpFuzzTarget(s, Encoding.JSON));
    }
    return l;
  }

  /** The receive time of every fuzz input (epoch nanos). */
  public static final long NOW = OtlpSeeds.NOW;

  /** Valid traces and metrics requests, for seeding other targets (snapshots). */
  public static List<Message> sampleRequests() {
    List<Message> l = new ArrayList<>(OtlpSeeds.requests(Signal.TRACES));
    l.addAll(OtlpSeeds.requests(Signal.METRICS));
    return l;
  }

  public static FuzzTarget grpcFraming() {
    return new GrpcFramingFuzzTarget();
  }
}
