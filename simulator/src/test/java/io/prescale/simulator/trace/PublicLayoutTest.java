package io.prescale.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated multi-day trace in the public dataset's own file names and layout. */
class PublicLayoutTest {
  private static final long MINUTE = 60_000_000_000L;
  @TempDir Path dir;

  private void day(String nn, String invocations, String durations, String memory)
      throws IOException {
    Files.writeString(dir.resolve("invocations_per_function_md.anon.d" + nn + ".csv"), invocations);
    Files.writeString(
        dir.resolve("function_durations_percentiles.anon.d" + nn + ".csv"), durations);
    Files.writeString(dir.resolve("app_memory_percentiles.anon.d" + nn + ".csv"), memory);
  }

  private static final String DUR_HEAD =
      "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,"
          + "percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,"
          + "percentile_Average_75,percentile_Average_99,percentile_Average_100\n";
  private static final String MEM_HEAD =
      "HashOwner,HashApp,SampleCount,AverageAllocatedMb,"
          + "AverageAllocatedMb_pct1,AverageAllocatedMb_pct100\n";

  private void twoDays() throws IOException {
    // minute columns deliberately out of order; 1 = 00:00
    day(
        "01",
        "HashOwner,HashApp,HashFunction,Trigger,3,1,2,1440\n"
            + "o,a,f1,http,0,2,1,4\n"
            + "o,a,f2,timer,1,0,0,0\n",
        DUR_HEAD
            + "o,a,f1,100,7,100,100,100,100,100,100,100,100,100\n"
            + "o,a,f2,50,1,50,50,50,50,50,50,50,50,50\n",
        MEM_HEAD + "o,a,3,300,300,300\n");
    day(
        "02",
        "HashOwner,HashApp,HashFunction,Trigger,1,2\n" + "o,b,g1,queue,3,0\n" + "o,a,f1,http,0,5\n",
        DUR_HEAD + "o,a,f1,200,5,200,200,200,200,200,200,200,200,200\n",
        MEM_HEAD + "o,b,1,64,64,64\n");
  }

  @Test
  void daysFollowEachOtherAndMinutesComeFromTheHeader() throws IOException {
    twoDays();
    Trace t = TraceReaders.open(dir, TraceOptions.DEFAULTS);
    assertEquals("azure2019-public", t.format());
    assertEquals(3, t.functions().size()); // a/f1, a/f2, b/g1
    assertEquals(2 + 1 + 4 + 1 + 3 + 5, t.plannedInvocations());
    long day1 = Azure2019Trace.DAY1_NANOS;
    assertEquals(day1, t.startNanos());
    assertEquals(day1 + 24 * 60 * MINUTE + 2 * MINUTE, t.endNanos());
    // app memory split evenly over the app's functions of the first day it appears
    assertEquals(150, t.functions().get(0).memoryMb(), 1e-9);
    assertEquals(64, t.functions().get(2).memoryMb(), 1e-9);
    List<long[]> seen = new ArrayList<>();
    try (InvocationStream s = t.open(3, Placement.UNIFORM)) {
      while (s.next()) {
        seen.add(new long[] {s.function(), s.arrivalNanos(), s.durationNanos()});
      }
    }
    assertEquals(16, seen.size());
    long minute1F1 = seen.stream().filter(e -> e[0] == 0 && e[1] < day1 + MINUTE).count();
    long minute3F2 =
        seen.stream()
            .filter(e -> e[0] == 1 && e[1] >= day1 + 2 * MINUTE && e[1] < day1 + 3 * MINUTE)
            .count();
    long lastMinuteF1 =
        seen.stream()
            .filter(e -> e[0] == 0 && e[1] >= day1 + 1439 * MINUTE && e[1] < day1 + 1440 * MINUTE)
            .count();
    assertEquals(2, minute1F1);
    assertEquals(1, minute3F2);
    assertEquals(4, lastMinuteF1);
    long day2 = day1 + 1440 * MINUTE;
    long day2F1 =
        seen.stream()
            .filter(e -> e[0] == 0 && e[1] >= day2 + MINUTE && e[1] < day2 + 2 * MINUTE)
            .count();
    assertEquals(5, day2F1);
    // durations come from each day's own table
    assertTrue(
        seen.stream().filter(e -> e[0] == 0 && e[1] < day2).allMatch(e -> e[2] == 100_000_000L));
    assertTrue(
        seen.stream().filter(e -> e[0] == 0 && e[1] >= day2).allMatch(e -> e[2] == 200_000_000L));
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i)[1] >= seen.get(i - 1)[1]);
    }
  }

  @Test
  void sameSeedSameInvocationsOtherSeedOtherInstants() throws IOException {
    twoDays();
    Trace t = TraceReaders.open(dir, TraceOptions.DEFAULTS);
    assertEquals(arrivals(t, 5), arrivals(t, 5));
    assertNotEquals(arrivals(t, 5), arrivals(t, 6));
  }

  @Test
  void poissonPlacementKeepsTheMeanRate() throws IOException {
    Files.writeString(
        dir.resolve("invocations.csv"),
        "HashOwner,HashApp,HashFunction,Trigger,0,1,2,3,4,5,6,7,8,9\n"
            + "o,a,f,http,100,100,100,100,100,100,100,100,100,100\n");
    Trace t = TraceReaders.open(dir, TraceOptions.DEFAULTS);
    long uniform = arrivals(t, 1, Placement.UNIFORM).size();
    long poisson = arrivals(t, 1, Placement.POISSON).size();
    assertEquals(1000, uniform);
    assertTrue(Math.abs(poisson - 1000) < 150, "Poisson total " + poisson + " should be near 1000");
    assertNotEquals(1000, poisson, "a Poisson process does not reproduce the counts exactly");
  }

  private static List<Long> arrivals(Trace t, long seed) {
    return arrivals(t, seed, Placement.UNIFORM);
  }

  private static List<Long> arrivals(Trace t, long seed, Placement p) {
    List<Long> out = new ArrayList<>();
    try (InvocationStream s = t.open(seed, p)) {
      while (s.next()) {
        out.add(s.arrivalNanos());
      }
    }
    return out;
  }

  @Test
  void malformedCountNamesFileLineAndColumn() throws IOException {
    Files.writeString(
        dir.resolve("invocations.csv"),
        "HashOwner,HashApp,HashFunction,Trigger,480,481\n"
            + "o,a,f,http,1,2\n"
            + "o,a,g,http,1,x2\n");
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class, () -> TraceReaders.open(dir, TraceOptions.DEFAULTS));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("invocations.csv:3 column 6 (481)"), e.getMessage());
    assertTrue(e.getMessage().contains("'x2' is not an integer"), e.getMessage());
  }

  @Test
  void badHeaderAndShortRowsAreNamed() throws IOException {
    Files.writeString(
        dir.resolve("invocations.csv"),
        "HashOwner,HashApp,HashFunction,Trigger,480,later\no,a,f,http,1,2\n");
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class, () -> TraceReaders.open(dir, TraceOptions.DEFAULTS));
    assertTrue(e.getMessage().contains("column 6 (later)"), e.getMessage());
    Files.writeString(
        dir.resolve("invocations.csv"),
        "HashOwner,HashApp,HashFunction,Trigger,480,481\no,a,f,http,1\n");
    e =
        assertThrows(
            TraceFormatException.class, () -> TraceReaders.open(dir, TraceOptions.DEFAULTS));
    assertTrue(
        e.getMessage().contains("invocations.csv:2") && e.getMessage().contains("5 fields"),
        e.getMessage());
    Files.writeString(
        dir.resolve("invocations.csv"),
        "HashOwner,HashApp,HashFunction,Trigger,480,2000\no,a,f,http,1,1\n");
    e =
        assertThrows(
            TraceFormatException.class, () -> TraceReaders.open(dir, TraceOptions.DEFAULTS));
    assertTrue(e.getMessage().contains("minute = 2000, must be in [0; 1439]"), e.getMessage());
  }

  @Test
  void malformedTimestampAndAzure2021RowsAreNamed() throws IOException {
    Path llm = dir.resolve("req.csv");
    Files.writeString(llm, "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03.97,1\nyesterday,2\n");
    TraceFormatException e =
        assertThrows(
            TraceFormatException.class, () -> TraceReaders.open(llm, TraceOptions.DEFAULTS));
    assertTrue(e.getMessage().contains("req.csv:3 column 1 (TIMESTAMP)"), e.getMessage());
    Path az = dir.resolve("az.csv");
    Files.writeString(az, "app,func,end_timestamp,duration\na,f,1.5,0.5\na,f,2.0,-1\n");
    e =
        assertThrows(
            TraceFormatException.class, () -> TraceReaders.open(az, TraceOptions.DEFAULTS));
    assertTrue(e.getMessage().contains("az.csv:3 column 4 (duration)"), e.getMessage());
    Path ok = dir.resolve("ok.csv");
    Files.writeString(
        ok, "TIMESTAMP,ContextTokens\n2023-11-16 18:17:03.9799600,1\n2023-11-16T18:17:04Z,2\n");
    Trace t = TraceReaders.open(ok, TraceOptions.DEFAULTS);
    assertEquals(
        Instant.parse("2023-11-16T18:17:03.97996Z"), Instant.ofEpochSecond(0, t.startNanos()));
  }
}
