package org.l2o.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The execution trace, a TSV with Nextflow's column names so that tools reading Nextflow traces
 * read ours. A row is appended and flushed as each task ends, so a crash keeps the rows so far.
 */
public final class TraceFile implements AutoCloseable {

  public static final List<String> COLUMNS =
      List.of("task_id", "hash", "native_id", "name", "status", "exit", "attempt", "submit", "start",
          "complete", "duration", "realtime", "%cpu", "peak_rss", "workdir");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private final Path file;
  private final Writer out;
  private boolean closed;

  public TraceFile(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    this.out = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    out.write(String.join("\t", COLUMNS) + "\n");
    out.flush();
  }

  public Path file() {
    return file;
  }

  public synchronized void append(TaskRecord r) {
    if (closed) {
      return;
    }
    String hash = r.key() == null ? "-" : r.key().substring(0, 2) + "/" + r.key().substring(2, 8);
    List<String> row =
        List.of(
            Integer.toString(r.taskId()),
            hash,
            r.pid() < 0 ? "-" : Long.toString(r.pid()),
            r.task().name(),
            r.status().name(),
            r.exit() == Integer.MIN_VALUE ? "-" : Integer.toString(r.exit()),
            r.attempt() < 1 ? "-" : Integer.toString(r.attempt()),
            time(r.submit()),
            time(r.start()),
            time(r.complete()),
            duration(r.submit(), r.complete()),
            duration(r.start(), r.complete()),
            cpuPercent(r.cpuMillis(), r.start(), r.complete()),
            r.peakRssBytes() < 0 ? "-" : memory(r.peakRssBytes()),
            r.workDir() == null ? "-" : r.workDir().toString());
    try {
      out.write(String.join("\t", row) + "\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trace " + file, e);
    }
  }

  private static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  /**
   * Nextflow's {@code %cpu}: CPU time over wall time, so 100% is one core busy throughout and a
   * paused or starved task shows less. CPU time = {@code %cpu} x {@code realtime}.
   */
  static String cpuPercent(long cpuMillis, Instant start, Instant end) {
    if (cpuMillis < 0 || start == null || end == null) {
      return "-";
    }
    long wall = Duration.between(start, end).toMillis();
    return wall <= 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * cpuMillis / wall);
  }

  /** Nextflow's style: "1m 3s", "850ms", "2h 5m 1s". */
  static String duration(Instant a, Instant b) {
    if (a == null || b == null) {
      return "-";
    }
    long ms = Duration.between(a, b).toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    double s = ms / 1000.0;
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1fs", s);
    }
    long total = Math.round(s);
    long h = total / 3600;
    long m = (total % 3600) / 60;
    long sec = total % 60;
    return (h > 0 ? h + "h " : "") + m + "m " + sec + "s";
  }

  static String memory(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    out.close();
  }
}
