package io.prescale.adapter.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prescale.adapter.engine.Failures;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ApplyOutcome.Kind;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter must honour ({@link ScalingAdapter}'s contract), run against each adapter's
 * own stand-in for its platform (WireMock, fabric8's mock API server, an in-process client). An
 * adapter module's test extends this class, starts its stand-in in a {@code @BeforeEach} and
 * implements the hooks; the tests here then check that the adapter
 *
 * <ul>
 *   <li>applies a desired count, directly and through the engine (where a repeat makes no call);
 *   <li>reports what the platform is set to when it reads;
 *   <li>leaves the target as once when the same count is applied twice (idempotent apply);
 *   <li>fails a call the platform refuses with a 4xx as a rejection (REJECTED, not retried), and a
 *       5xx as a retryable server error, as the engine classifies it ({@link Failures});
 *   <li>fails a call that gets no answer within its timeout setting as a TIMEOUT, in about that
 *       time.
 * </ul>
 *
 * An adapter whose platform cannot fail a call (dry-run, a push-based one such as keda) says so
 * with {@link #canFail()}; one that cannot read its platform (webhook) with {@link #reads()}: the
 * tests that need it are then skipped, not passed.
 */
public abstract class AdapterContractTest {
  /** The function every decision of the contract is for. */
  protected static final String FUNCTION = "shop/checkout";

  /**
   * The timeout setting of the adapter in {@link
   * #aCallThatGetsNoAnswerWithinItsTimeoutFailsAsATimeout}.
   */
  protected static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The timeout setting otherwise: generous, so that a loaded machine does not fail a happy path.
   */
  protected static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** The manual clock adapters and the engine run on. */
  protected final ManualTimeSource time = new ManualTimeSource(EngineHarness.START);

  private final List<AutoCloseable> opened = new ArrayList<>();

  // ---- what each adapter's test provides ----

  /**
   * A new adapter under test, talking to the stand-in, whose calls fail when unanswered after
   * {@code timeout} (its timeout setting, where it has one).
   */
  protected abstract ScalingAdapter newAdapter(Duration timeout) throws Exception;

  /**
   * Makes a workload exist on the platform, set to {@code instances}, and returns the binding
   * target that names it (as a policy writes it).
   */
  protected abstract Map<String, String> targetAt(int instances) throws Exception;

  /**
   * What the platform holds for that workload now, as the stand-in tells (not through the adapter).
   */
  protected abstract int platformCount() throws Exception;

  /** Apply requests the stand-in received so far. */
  protected abstract int applyRequests() throws Exception;

  /**
   * From now on the platform answers every apply with HTTP {@code status} (or its own equivalent).
   */
  protected void appliesAnswer(int status) throws Exception {
    throw new UnsupportedOperationException("appliesAnswer: implement it, or canFail() = false");
  }

  /** From now on the platform answers every apply only after {@code delay}. */
  protected void appliesTake(Duration delay) throws Exception {
    throw new UnsupportedOperationException("appliesTake: implement it, or canFail() = false");
  }

  /**
   * Whether the platform can refuse or delay a call (false for dry-run and push-based adapters).
   */
  protected boolean canFail() {
    return true;
  }

  /**
   * Whether {@link ScalingAdapter#read} reports the configured count (false when it cannot read).
   */
  protected boolean reads() {
    return true;
  }

  /**
   * How the adapter classifies a call that outlived its timeout: TIMEOUT. An adapter with a known
   * deviation overrides this, naming why (both kinds are retried alike; only the audit text
   * differs).
   */
  protected AdapterException.Kind timeoutKind() {
    return AdapterException.Kind.TIMEOUT;
  }

  // ---- the contract ----

  @Test
  public void appliesADesiredCount() throws Exception {
    ScalingAdapter adapter = adapter(TIMEOUT);
    Target target = target(adapter, targetAt(1));
    ApplyOutcome o = join(adapter.apply(target, desired(3, 1)));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(3, o.to(), o.toString());
    assertEquals(3, platformCount());
  }

  @Test
  public void appliesThroughTheEngineAndARepeatMakesNoCall() throws Exception {
    ScalingAdapter adapter = adapter(TIMEOUT);
    Map<String, String> target = targetAt(1);
    EngineHarness h = harness(adapter);
    ApplyOutcome o =
        h.await(h.submit(adapter.name(), target, FUNCTION, 4, "test"), Duration.ofMinutes(5));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(4, platformCount());
    int applies = applyRequests();
    ApplyOutcome again =
        h.await(h.submit(adapter.name(), target, FUNCTION, 4, "test"), Duration.ofMinutes(5));
    assertEquals(Kind.NOOP, again.kind(), again.toString());
    assertEquals(applies, applyRequests(), "a repeat of the count the target is at makes no apply");
  }

  @Test
  public void readsWhatThePlatformIsSetTo() throws Exception {
    assumeTrue(reads(), "this adapter cannot read its platform");
    ScalingAdapter adapter = adapter(TIMEOUT);
    Target target = target(adapter, targetAt(2));
    ActualState state = join(adapter.read(target));
    assertEquals(2, state.configured(), state.toString());
    assertTrue(state.ready() >= -1 && state.floor() <= state.ceiling(), state.toString());
  }

  @Test
  public void applyingTheSameCountTwiceLeavesTheTargetAsOnce() throws Exception {
    ScalingAdapter adapter = adapter(TIMEOUT);
    Target target = target(adapter, targetAt(1));
    ApplyOutcome first = join(adapter.apply(target, desired(3, 1)));
    ApplyOutcome second = join(adapter.apply(target, desired(3, 3)));
    assertTrue(first.kind() == Kind.SCALED || first.kind() == Kind.NOOP, first.toString());
    assertTrue(second.kind() == Kind.SCALED || second.kind() == Kind.NOOP, second.toString());
    assertEquals(3, platformCount());
  }

  @Test
  public void aClientErrorIsARejection() throws Exception {
    assumeTrue(canFail(), "this adapter's platform cannot refuse a call");
    ScalingAdapter adapter = adapter(TIMEOUT);
    Map<String, String> values = targetAt(1);
    appliesAnswer(403);
    AdapterException e =
        failure(adapter.apply(target(adapter, values), desired(3, 1)), TIMEOUT.multipliedBy(2));
    assertEquals(AdapterException.Kind.REJECTED, e.kind(), e.toString());
    assertTrue(!e.retryable());
    EngineHarness h = harness(adapter);
    ApplyOutcome o =
        h.await(h.submit(adapter.name(), values, FUNCTION, 4, "test"), Duration.ofMinutes(5));
    assertEquals(Kind.REJECTED, o.kind(), o.toString());
  }

  @Test
  public void aServerErrorIsRetryable() throws Exception {
    assumeTrue(canFail(), "this adapter's platform cannot refuse a call");
    ScalingAdapter adapter = adapter(TIMEOUT);
    Map<String, String> values = targetAt(1);
    appliesAnswer(500);
    AdapterException e =
        failure(adapter.apply(target(adapter, values), desired(3, 1)), TIMEOUT.multipliedBy(2));
    assertEquals(AdapterException.Kind.SERVER_ERROR, e.kind(), e.toString());
    assertTrue(e.retryable());
  }

  @Test
  public void aCallThatGetsNoAnswerWithinItsTimeoutFailsAsATimeout() throws Exception {
    assumeTrue(canFail(), "this adapter's platform cannot delay a call");
    ScalingAdapter adapter = adapter(SHORT_TIMEOUT);
    Map<String, String> values = targetAt(1);
    appliesTake(SHORT_TIMEOUT.multipliedBy(4));
    long t0 = System.nanoTime();
    AdapterException e =
        failure(
            adapter.apply(target(adapter, values), desired(3, 1)), SHORT_TIMEOUT.multipliedBy(4));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertEquals(timeoutKind(), e.kind(), e.toString());
    assertTrue(e.retryable(), e.toString());
    assertTrue(
        took.compareTo(SHORT_TIMEOUT.multipliedBy(3)) < 0,
        "gave up after " + took + ", timeout " + SHORT_TIMEOUT);
  }

  @AfterEach
  public void closeWhatTheContractOpened() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    opened.clear();
  }

  // ---- helpers ----

  private ScalingAdapter adapter(Duration timeout) throws Exception {
    ScalingAdapter a = newAdapter(timeout);
    opened.add(a);
    return a;
  }

  private EngineHarness harness(ScalingAdapter adapter) {
    EngineHarness h = new EngineHarness(time, adapter);
    opened.add(h);
    return h;
  }

  /** The target a decision for {@link #FUNCTION} goes to, as the engine completes it. */
  private static Target target(ScalingAdapter adapter, Map<String, String> values) {
    Map<String, String> v =
        values.containsKey("function") ? values : adapter.targetFor(values, FUNCTION, Map::of);
    return Target.of(adapter.name(), v);
  }

  private DesiredState desired(int instances, int previous) {
    FunctionKey f = FunctionKey.of(FUNCTION);
    return new DesiredState(
        f,
        instances,
        previous,
        ScaleDecision.of(f, time.epochNanos(), instances, "test", "contract", Map.of()));
  }

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    try {
      return stage
          .toCompletableFuture()
          .get(TIMEOUT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * How the engine classifies the failure of {@code stage}, which must fail within {@code within}.
   */
  private static AdapterException failure(CompletionStage<?> stage, Duration within)
      throws Exception {
    try {
      Object v = stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("the call succeeded: " + v);
    } catch (ExecutionException e) {
      return Failures.classify(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not fail within " + within);
    }
  }
}
