package org.l2o.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.l2o.protocol.StageProtocol;

/** Picks the progress display that suits where the output goes. */
final class ProgressFactory {

  private ProgressFactory() {}

  static Progress create(String task, long total, String unit) {
    String mode = System.getenv(Progress.MODE_ENV);
    if ("none".equals(mode)) {
      return Progress.NONE;
    }
    if (StageProtocol.PROGRESS_EVENTS.equals(mode)) {
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

  /**
   * Counts progress and reports it through {@link #report(long)} at most once per interval, and
   * once more on close; the two non-terminal displays differ only in what a report prints.
   */
  private abstract static class ThrottledProgress implements Progress {
    final String task;
    final PrintStream out;
    final long startNanos = System.nanoTime();
    private final long intervalNanos;
    private long lastReport;
    long total;
    long done;
    String message = "";
    private boolean closed;

    ThrottledProgress(String task, long total, PrintStream out, Duration interval) {
      this.task = task;
      this.total = total;
      this.out = out;
      this.intervalNanos = interval.toNanos();
      this.lastReport = startNanos;
    }

    @Override
    public synchronized void step(long n) {
      stepTo(done + n);
    }

    @Override
    public synchronized void stepTo(long d) {
      done = d;
      long now = System.nanoTime();
      if (now - lastReport >= intervalNanos) {
        lastReport = now;
        report(now);
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
        report(System.nanoTime());
      }
    }

    abstract void report(long now);
  }

  /** Plain lines, at most one per interval, for logs and CI. */
  static final class PlainProgress extends ThrottledProgress {
    private final String unit;

    PlainProgress(String task, long total, String unit, PrintStream out, Duration interval) {
      super(task, total, out, interval);
      this.unit = unit;
    }

    @Override
    void report(long now) {
      out.println(line(now));
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
        s.append(String.format(Locale.ROOT, " %.0f%%", 100.0 * done / total));
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
  static final class EventProgress extends ThrottledProgress {
    static final String PREFIX = StageProtocol.PROGRESS_LINE_PREFIX;

    EventProgress(String task, long total, String unit, PrintStream out) {
      super(task, total, out, Duration.ofMillis(500));
    }

    @Override
    void report(long now) {
      // Tab-separated so the message may hold spaces: task, done, total, message.
      out.println(PREFIX + task.replace('\t', ' ') + '\t' + done + '\t' + total + '\t'
          + message.replace('\t', ' ').replace('\n', ' '));
      out.flush();
    }
  }
}
