package org.l2o.progress;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Picks the progress display that suits where the output goes. */
final class ProgressFactory {

  private ProgressFactory() {}

  static Progress create(String task, long total, String unit) {
    String mode = System.getenv(Progress.MODE_ENV);
    if ("none".equals(mode)) {
      return Progress.NONE;
    }
    if ("events".equals(mode)) {
      return new EventProgress(task, total, unit, System.err);
    }
    if (System.console() != null && !"plain".equals(mode)) {
      return new BarProgress(task, total, unit);
    }
    return new PlainProgress(task, total, unit, System.err, Duration.ofSeconds(10));
  }

  /** A live bar (me.tongfei.progressbar) with rate and ETA, on the terminal. */
  private static final class BarProgress implements Progress {
    private final ProgressBar bar;
    private boolean closed;

    BarProgress(String task, long total, String unit) {
      ProgressBarBuilder b =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .showSpeed()
              .setMaxRenderedLength(120);
      if ("B".equals(unit)) {
        b.setUnit(" MiB", 1 << 20);
      } else {
        b.setUnit(" " + unit, 1);
      }
      bar = b.build();
    }

    @Override
    public synchronized void step(long n) {
      bar.stepBy(n);
    }

    @Override
    public synchronized void stepTo(long done) {
      bar.stepTo(done);
    }

    @Override
    public synchronized void setTotal(long total) {
      bar.maxHint(total);
    }

    @Override
    public synchronized void setMessage(String message) {
      bar.setExtraMessage(message);
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        bar.close();
      }
    }
  }

  /** Plain lines, at most one per interval, for logs and CI. */
  static final class PlainProgress implements Progress {
    private final String task;
    private final String unit;
    private final PrintStream out;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastPrint = startNanos;
    private long total;
    private long done;
    private String message = "";
    private boolean closed;

    PlainProgress(String task, long total, String unit, PrintStream out, Duration interval) {
      this.task = task;
      this.total = total;
      this.unit = unit;
      this.out = out;
      this.intervalNanos = interval.toNanos();
    }

    @Override
    public synchronized void step(long n) {
      stepTo(done + n);
    }

    @Override
    public synchronized void stepTo(long d) {
      done = d;
      long now = System.nanoTime();
      if (now - lastPrint >= intervalNanos) {
        lastPrint = now;
        out.println(line(now));
      }
    }

    @Override
    public synchronized void setTotal(long t) {
      total = t;
    }

    @Override
    public synchronized void setMessage(String m) {
      message = m == null ? "" : m;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        out.println(line(System.nanoTime()));
      }
    }

    String line(long now) {
      double secs = (now - startNanos) / 1e9;
      StringBuilder s = new StringBuilder(task).append(":");
      if (!unit.isEmpty()) {
        // Without a unit the amounts mean nothing to a reader; the percentage says it all.
        s.append(' ').append(ProgressText.amount(done, unit)).append('/')
            .append(ProgressText.amount(total, unit));
      }
      if (total > 0) {
        s.append(String.format(" %.0f%%", 100.0 * done / total));
      }
      s.append(" elapsed ").append(ProgressText.duration(secs));
      if (done > 0 && total > done) {
        s.append(" ETA ").append(ProgressText.duration(secs * (total - done) / done));
      }
      if (!message.isEmpty()) {
        s.append(" · ").append(message);
      }
      return s.toString();
    }
  }

  /** One event line per update (throttled), parsed by the pipeline runner's bar. */
  static final class EventProgress implements Progress {
    static final String PREFIX = "##l2o-progress ";
    private final String task;
    private final PrintStream out;
    private long total;
    private long done;
    private String message = "";
    private long lastEmit;
    private boolean closed;

    EventProgress(String task, long total, String unit, PrintStream out) {
      this.task = task;
      this.total = total;
      this.out = out;
    }

    @Override
    public synchronized void step(long n) {
      stepTo(done + n);
    }

    @Override
    public synchronized void stepTo(long d) {
      done = d;
      long now = System.nanoTime();
      if (now - lastEmit > 500_000_000L) {
        lastEmit = now;
        emit();
      }
    }

    @Override
    public synchronized void setTotal(long t) {
      total = t;
    }

    @Override
    public synchronized void setMessage(String m) {
      message = m == null ? "" : m;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        emit();
      }
    }

    private void emit() {
      // Tab-separated so the message may hold spaces: task, done, total, message.
      out.println(PREFIX + task.replace('\t', ' ') + '\t' + done + '\t' + total + '\t'
          + message.replace('\t', ' ').replace('\n', ' '));
      out.flush();
    }
  }
}
