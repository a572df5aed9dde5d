package io.prescale.app.simulate;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress bar on stderr, redrawn every 250 ms by a daemon thread until closed. */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final AtomicLong done;
  private final AtomicLong runsDone;
  private final long total;
  private final int runs;
  private final Thread thread;
  private volatile boolean running = true;

  ProgressBar(PrintStream out, AtomicLong done, AtomicLong runsDone, long total, int runs) {
    this.out = out;
    this.done = done;
    this.runsDone = runsDone;
    this.total = Math.max(1, total);
    this.runs = runs;
    this.thread = new Thread(this::loop, "progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      draw();
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void draw() {
    double f = Math.min(1.0, done.get() / (double) total);
    int fill = (int) (f * WIDTH);
    out.print(
        String.format(
            Locale.ROOT,
            "\r[%s%s] %3.0f%%  %d/%d runs",
            "#".repeat(fill),
            " ".repeat(WIDTH - fill),
            100 * f,
            runsDone.get(),
            runs));
    out.flush();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    out.println();
  }
}
