package io.prescale.autoscaler.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.testing.FakeObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AutoscalerLoopTest {
  private static final FunctionKey A = FunctionKey.of("a");
  private static final FunctionKey B = FunctionKey.of("b");
  private static final Instant T0 = Instant.ofEpochSecond(1_000);

  /** Counts its calls and wants that many instances; "boom" throws. */
  private static final class CountingDecider implements Decider {
    final FunctionKey function;
    final String mode;
    int calls;

    CountingDecider(FunctionKey function, String mode) {
      this.function = function;
      this.mode = mode;
    }

    @Override
    public ScaleDecision decide(DeciderSpec spec, Observation obs, long now) {
      calls++;
      if (mode.equals("boom")) {
        throw new IllegalStateException("decider exploded");
      }
      return ScaleDecision.of(function, now, calls * 10, mode, "count", Map.of());
    }
  }

  private static final class Registry {
    final List<CountingDecider> created = new ArrayList<>();

    Map<String, DeciderProvider> providers(String... modes) {
      Map<String, DeciderProvider> map = new HashMap<>();
      for (String mode : modes) {
        map.put(
            mode,
            new DeciderProvider() {
              @Override
              public String name() {
                return mode;
              }

              @Override
              public Decider create(FunctionKey function, DeciderSpec spec) {
                CountingDecider d = new CountingDecider(function, mode);
                created.add(d);
                return d;
              }
            });
      }
      return map;
    }
  }

  /** A mutable set of functions, each observed as a fake with nothing seen yet. */
  private static class Functions implements ObservationSource {
    final Map<FunctionKey, Observation> tracked = new LinkedHashMap<>();
    final List<Instant> observedAt = new ArrayList<>();

    Functions with(FunctionKey... keys) {
      for (FunctionKey k : keys) {
        tracked.put(k, FakeObservation.empty(k));
      }
      return this;
    }

    @Override
    public Iterable<FunctionKey> functions() {
      return List.copyOf(tracked.keySet());
    }

    @Override
    public Observation observe(FunctionKey function, Instant now) {
      observedAt.add(now);
      return tracked.get(function);
    }
  }

  /** Promises the same decision for a minute after each call. */
  private static final class QuietDecider implements Decider {
    int calls;
    long promised;

    @Override
    public ScaleDecision decide(DeciderSpec spec, Observation obs, long now) {
      calls++;
      promised = now + 60_000_000_000L;
      return ScaleDecision.of(obs.function(), now, 0, "quiet", "idle", Map.of());
    }

    @Override
    public long quietUntilNanos() {
      return promised;
    }
  }

  /** {@link Functions} with an activity number per function, unknown when absent. */
  private static final class Active extends Functions {
    final Map<FunctionKey, Long> activity = new HashMap<>();

    @Override
    public long activity(FunctionKey function) {
      return activity.getOrDefault(function, UNKNOWN_ACTIVITY);
    }
  }

  private static DeciderSpec spec(String mode) {
    return DeciderSpec.builder().mode(mode).maxInstances(25).build();
  }

  @Test
  void skipsAQuietFunctionUntilItsPromiseEndsOrSomethingHappens() {
    QuietDecider decider = new QuietDecider();
    Active source = new Active();
    source.with(A, B);
    source.activity.put(A, 7L); // B's activity is unknown: decided at every tick
    SpecSource[] specs = {SpecSource.fixed(spec("quiet"))};
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(source)
            .specs(f -> specs[0].specFor(f))
            .providers(
                Map.of(
                    "quiet",
                    new DeciderProvider() {
                      @Override
                      public String name() {
                        return "quiet";
                      }

                      @Override
                      public Decider create(FunctionKey function, DeciderSpec spec) {
                        return function.equals(A) ? decider : new QuietDecider();
                      }
                    }))
            .build();
    TickReport first = loop.tick(T0);
    assertEquals(2, first.decided());
    int quiet = 0;
    for (int s = 2; s < 20; s += 2) {
      TickReport r = loop.tick(T0.plusSeconds(s));
      quiet += r.quiet();
      assertEquals(1, r.decided(), "B, whose activity is unknown, at " + s);
    }
    assertEquals(1, decider.calls, "A promised quiet and nothing happened");
    assertEquals(9, quiet);

    source.activity.put(A, 8L); // a request recorded
    assertEquals(0, loop.tick(T0.plusSeconds(20)).quiet());
    assertEquals(2, decider.calls);
    assertEquals(1, loop.tick(T0.plusSeconds(22)).quiet());

    specs[0] = SpecSource.fixed(DeciderSpec.builder().mode("quiet").maxInstances(3).build());
    loop.tick(T0.plusSeconds(24));
    assertEquals(3, decider.calls, "a new spec wakes it");

    loop.tick(T0.plusSeconds(24 + 58));
    assertEquals(3, decider.calls, "still promised");
    loop.tick(T0.plusSeconds(24 + 60));
    assertEquals(4, decider.calls, "the promise ended");

    source.tracked.put(A, FakeObservation.empty(A).ready(1));
    source.activity.put(A, 9L);
    loop.tick(T0.plusSeconds(90));
    loop.tick(T0.plusSeconds(92));
    assertEquals(6, decider.calls, "a function with an instance ready is decided at every tick");
  }

  @Test
  void clampsOnceAndKeepsTheLatestDecisionPerFunction() {
    Registry registry = new Registry();
    List<ScaleDecision> sunk = new ArrayList<>();
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(new Functions().with(A, B))
            .specs(SpecSource.fixed(spec("count")))
            .sink((d, s) -> sunk.add(d))
            .providers(registry.providers("count"))
            .build();
    for (int i = 0; i < 3; i++) {
      loop.tick(T0.plusSeconds(2L * i));
    }
    ScaleDecision a = loop.latestDecisions().get(A);
    assertEquals(25, a.desiredInstances()); // 30 clamped to max 25
    assertTrue(a.reason().contains("clamped 30 to [0, 25]"), a.reason());
    assertEquals(6, sunk.size());
    assertEquals(List.of(A, B), List.copyOf(loop.latestDecisions().keySet()));
    assertEquals(2, registry.created.size()); // one decider per function
  }

  @Test
  void aSpecChangeKeepsTheDeciderAndAModeChangeMakesANewOne() {
    Registry registry = new Registry();
    DeciderSpec[] current = {spec("x")};
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(new Functions().with(A))
            .specs(f -> current[0])
            .providers(registry.providers("x", "y"))
            .build();
    loop.tick(T0);
    current[0] = current[0].toBuilder().maxInstances(100).rule("reloaded").build();
    loop.tick(T0.plusSeconds(2));
    assertEquals(1, registry.created.size());
    assertEquals(2, registry.created.get(0).calls);
    assertEquals(20, loop.latestDecision(A).orElseThrow().desiredInstances());
    current[0] = current[0].toBuilder().mode("y").build();
    loop.tick(T0.plusSeconds(4));
    assertEquals(2, registry.created.size());
    assertNotSame(registry.created.get(0), registry.created.get(1));
    assertEquals("y", loop.latestDecision(A).orElseThrow().decider());
    assertEquals(10, loop.latestDecision(A).orElseThrow().desiredInstances()); // fresh state
  }

  @Test
  void oneFailingFunctionDoesNotStopTheOthers() {
    Registry registry = new Registry();
    FunctionKey unknown = FunctionKey.of("unknown-mode");
    Map<FunctionKey, DeciderSpec> specs =
        Map.of(A, spec("boom"), B, spec("count"), unknown, spec("nope"));
    List<FunctionKey> sunk = new ArrayList<>();
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(new Functions().with(A, unknown, B))
            .specs(specs::get)
            .sink((d, s) -> sunk.add(d.function()))
            .providers(registry.providers("boom", "count"))
            .build();
    TickReport first = loop.tick(T0);
    TickReport second = loop.tick(T0.plusSeconds(2));
    assertEquals(2, first.failed());
    assertEquals(1, first.decided());
    assertEquals(1, second.decided());
    assertEquals(4, loop.failures());
    assertEquals(List.of(B, B), sunk);
    assertEquals(20, loop.latestDecision(B).orElseThrow().desiredInstances());
    assertTrue(loop.latestDecision(A).isEmpty());
  }

  @Test
  void aThrowingSinkOrSpecSourceIsCountedToo() {
    Registry registry = new Registry();
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(new Functions().with(A, B))
            .specs(
                f -> {
                  if (f.equals(A)) {
                    throw new IllegalArgumentException("policy broken for a");
                  }
                  return spec("count");
                })
            .sink(
                (d, s) -> {
                  throw new IllegalStateException("adapter down");
                })
            .providers(registry.providers("count"))
            .build();
    TickReport r = loop.tick(T0);
    assertEquals(2, r.failed());
    assertEquals(2, loop.failures());
  }

  @Test
  void eachFunctionIsDecidedAtItsOwnSpecTick() {
    Registry registry = new Registry();
    DeciderSpec slow = spec("count").toBuilder().tick(Duration.ofSeconds(10)).build();
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(new Functions().with(A, B))
            .specs(f -> f.equals(A) ? slow : spec("count"))
            .providers(registry.providers("count"))
            .build();
    int notDue = 0;
    for (int t = 0; t <= 20; t += 2) {
      notDue += loop.tick(T0.plusSeconds(t)).notDue();
    }
    assertEquals(A, registry.created.get(0).function);
    assertEquals(3, registry.created.get(0).calls); // at 0, 10 and 20
    assertEquals(11, registry.created.get(1).calls); // every 2 s
    assertEquals(8, notDue);
  }

  @Test
  void forgetsFunctionsTheSourceNoLongerTracks() {
    Registry registry = new Registry();
    Functions functions = new Functions().with(A, B);
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(functions)
            .specs(SpecSource.fixed(spec("count")))
            .providers(registry.providers("count"))
            .build();
    loop.tick(T0);
    functions.tracked.remove(B);
    TickReport r = loop.tick(T0.plusSeconds(2));
    assertEquals(1, r.removed());
    assertEquals(1, loop.trackedFunctions());
    assertEquals(List.of(A), List.copyOf(loop.latestDecisions().keySet()));
  }

  @Test
  void runsTheRegisteredBaselinesByMode() {
    AutoscalerLoop loop =
        AutoscalerLoop.create(
            new Functions().with(A),
            SpecSource.fixed(DeciderSpec.builder().mode("keepalive").build()),
            DecisionSink.noop());
    loop.tick(T0);
    ScaleDecision d = loop.latestDecision(A).orElseThrow();
    assertEquals("keepalive", d.decider());
    assertEquals(Duration.ofMinutes(10), d.keepAlive());
  }

  @Test
  void measuresDecideDurationsWithTheInjectedClock() {
    ManualTimeSource time = new ManualTimeSource(T0);
    Map<String, DeciderProvider> slow =
        Map.of(
            "slow",
            new DeciderProvider() {
              @Override
              public String name() {
                return "slow";
              }

              @Override
              public Decider create(FunctionKey function, DeciderSpec spec) {
                return (s, obs, now) -> {
                  time.advance(Duration.ofMillis(3));
                  return ScaleDecision.of(function, now, 1, "slow", "slow", Map.of());
                };
              }
            });
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(new Functions().with(A, B))
            .specs(SpecSource.fixed(spec("slow")))
            .providers(slow)
            .timeSource(time)
            .build();
    TickReport r = loop.tick(T0);
    assertEquals(6_000_000L, r.decideNanos());
    assertEquals(3_000_000L, r.maxDecideNanos());
  }

  @Test
  void scheduledWrapperTicksWithTheTimeSourceUntilClosed() throws InterruptedException {
    ManualTimeSource time = new ManualTimeSource(T0);
    Registry registry = new Registry();
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(new Functions().with(A))
            .specs(SpecSource.fixed(spec("count").toBuilder().tick(Duration.ofMillis(1)).build()))
            .providers(registry.providers("count"))
            .build();
    CountDownLatch twoTicks = new CountDownLatch(2);
    List<Instant> seen = new ArrayList<>();
    try (ScheduledAutoscaler scheduled =
        new ScheduledAutoscaler(
            loop,
            time,
            Duration.ofMillis(5),
            r -> {
              synchronized (seen) {
                seen.add(r.at());
              }
              time.advance(Duration.ofSeconds(2));
              twoTicks.countDown();
            })) {
      scheduled.start();
      assertTrue(twoTicks.await(30, TimeUnit.SECONDS), "two ticks ran");
    }
    synchronized (seen) {
      assertEquals(T0, seen.get(0));
      assertEquals(T0.plusSeconds(2), seen.get(1));
    }
    assertSame("count", loop.latestDecision(A).orElseThrow().decider());
  }

  @Test
  void observesEachFunctionAtTheTickTime() {
    Registry registry = new Registry();
    Functions functions = new Functions().with(A);
    AutoscalerLoop loop =
        AutoscalerLoop.builder()
            .observations(functions)
            .specs(SpecSource.fixed(spec("count")))
            .providers(registry.providers("count"))
            .build();
    loop.tick(T0);
    loop.tick(T0.plusSeconds(2));
    assertEquals(List.of(T0, T0.plusSeconds(2)), functions.observedAt);
    assertEquals(T0.plusSeconds(2), loop.latestDecision(A).orElseThrow().at());
  }
}
