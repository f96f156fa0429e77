package org.l2o.runner;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.l2o.progress.Progress;
import org.l2o.progress.ProgressText;

/**
 * The runner's one progress display: the whole pipeline as a fraction of tasks, each running task
 * contributing its own progress, with the running tasks named after the bar. Task start and end
 * lines are always printed, on a terminal or not.
 */
final class RunProgress implements AutoCloseable {

  private static final long UNITS_PER_TASK = 1000;

  private final PrintStream out;
  private final Progress bar;
  private final long startNanos = System.nanoTime();
  private final Map<String, double[]> running = new LinkedHashMap<>();
  private final Map<String, String> messages = new LinkedHashMap<>();
  private int finished;
  private final int total;

  RunProgress(PrintStream out, int tasks) {
    this.out = out;
    this.total = tasks;
    this.bar = Progress.start("pipeline", tasks * UNITS_PER_TASK, "");
  }

  synchronized void taskStarted(TaskPlan t) {
    running.put(t.name(), new double[] {0});
    update();
  }

  synchronized void taskProgress(TaskPlan t, long done, long total, String message) {
    double[] f = running.get(t.name());
    if (f != null && total > 0) {
      f[0] = Math.min(1.0, done / (double) total);
      messages.put(t.name(), message);
      update();
    }
  }

  synchronized void taskEnded(TaskPlan t, String line) {
    running.remove(t.name());
    messages.remove(t.name());
    finished++;
    println(line);
    update();
  }

  /** Prints a whole line; on a terminal it first clears the bar's line, which redraws after. */
  synchronized void println(String line) {
    out.println(ON_TERMINAL ? "\r\033[K" + line : line);
  }

  private static final boolean ON_TERMINAL = System.console() != null;

  private void update() {
    double done = finished;
    for (double[] f : running.values()) {
      done += f[0];
    }
    bar.stepTo(Math.round(done * UNITS_PER_TASK));
    bar.setMessage(finished + "/" + total + " tasks"
        + (running.isEmpty() ? "" : " | ") +
        running.entrySet().stream()
            .map(e -> e.getKey() + " " + Math.round(100 * e.getValue()[0]) + "%"
                + (messages.getOrDefault(e.getKey(), "").isEmpty() ? "" : " " + messages.get(e.getKey())))
            .collect(Collectors.joining(" | ")));
  }

  String elapsed() {
    return ProgressText.duration((System.nanoTime() - startNanos) / 1e9);
  }

  @Override
  public synchronized void close() {
    bar.close();
  }
}
