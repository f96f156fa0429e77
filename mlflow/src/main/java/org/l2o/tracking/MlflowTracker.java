package org.l2o.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.l2o.tracking.SpoolRecord.SpooledMetric;

/**
 * A {@link Tracker} logging one MLflow run over HTTP.
 *
 * <p>Params, tags and metrics are buffered and sent with runs/log-batch when 1000 metrics are
 * waiting, when {@code flushInterval} has passed, on {@link #flush()} and on {@link #end}.
 * Artifacts go out at once. Whenever the server cannot be reached, what could not be sent is
 * appended to this run's spool file with a warning naming the file, and the server is left
 * alone for a back-off period. The next flush that reaches the server first replays the spool
 * (see {@link SpoolReplayer}), so the order of a metric's values is kept and nothing is sent
 * twice. The task is never failed by tracking; only caller mistakes throw.
 *
 * <p>Thread-safe: every method is synchronized.
 */
final class MlflowTracker implements Tracker {
  private final TrackingConnection conn;
  private final TrackingOptions options;
  private final Spool spool;
  private final SpoolReplayer replayer;
  private final BatchSender sender;

  private String runId;
  private final List<SpooledMetric> metrics = new ArrayList<>();
  private final Map<String, String> params = new LinkedHashMap<>();
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final Map<String, String> loggedParams = new HashMap<>();
  private long lastFlushNanos = System.nanoTime();
  private long retryAtNanos = Long.MIN_VALUE;
  private long backoffNanos;
  private boolean ended;

  private MlflowTracker(TrackingConnection conn, String runId, Spool spool) {
    this.conn = conn;
    this.options = conn.options();
    this.spool = spool;
    this.runId = runId;
    this.replayer = new SpoolReplayer(conn, options.warnings());
    this.sender = new BatchSender(conn, options.warnings());
    this.backoffNanos = options.retryBackoff().toNanos();
  }

  /** A tracker of an existing run. */
  static MlflowTracker attach(TrackingConnection conn, String runId, Path spoolDir) {
    return new MlflowTracker(conn, runId, Spool.forRun(spoolDir, runId));
  }

  /**
   * Creates a run and returns its tracker. When the server is unreachable the run is created
   * later from the spool; until then {@link #runId()} is a {@code pending-...} placeholder.
   */
  static MlflowTracker start(TrackingConnection conn, String experimentId, String runName,
      Map<String, String> runTags, Path spoolDir) {
    long start = System.currentTimeMillis();
    try {
      String id = conn.createRun(experimentId, runName, start, runTags);
      return attach(conn, id, spoolDir);
    } catch (TransportFailure f) {
      if (f.permanent()) {
        throw new IllegalArgumentException("tracking: cannot create run '" + runName + "' in experiment "
            + experimentId + ": " + f.getMessage(), f);
      }
      String placeholder = SpoolRecord.PLACEHOLDER_PREFIX + UUID.randomUUID().toString().replace("-", "");
      Map<String, String> tagsWithKey = new LinkedHashMap<>(runTags);
      tagsWithKey.put(Tags.SPOOL_RUN_KEY, placeholder);
      MlflowTracker t = new MlflowTracker(conn, placeholder, Spool.forRun(spoolDir, placeholder));
      t.spool.append(List.of(SpoolRecord.createRun(placeholder, experimentId, runName, start, tagsWithKey)));
      t.warn(f.getMessage() + "; run '" + runName + "' will be created from spool " + t.spool.file());
      t.backOff();
      return t;
    }
  }

  @Override
  public synchronized String runId() {
    return runId;
  }

  @Override
  public synchronized void logParam(String key, String value) {
    requireKey(key, "param");
    Objects.requireNonNull(value, () -> "param '" + key + "' value must not be null");
    String previous = loggedParams.putIfAbsent(key, value);
    if (previous != null && !previous.equals(value)) {
      throw new IllegalArgumentException("param '" + key + "' was already logged as '" + previous
          + "' and MLflow params are immutable; got '" + value + "'. Log a metric or a tag for values that change");
    }
    if (previous == null) {
      params.put(key, value);
      maybeFlush();
    }
  }

  @Override
  public synchronized void logMetric(String key, double value, long step) {
    requireKey(key, "metric");
    metrics.add(new SpooledMetric(key, value, System.currentTimeMillis(), step));
    maybeFlush();
  }

  @Override
  public synchronized void setTag(String key, String value) {
    requireKey(key, "tag");
    Objects.requireNonNull(value, () -> "tag '" + key + "' value must not be null");
    tags.put(key, value);
    maybeFlush();
  }

  @Override
  public synchronized void logArtifact(Path file, String artifactDir) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("artifact " + file + " is not a file; pass an existing file"
          + " (logArtifacts takes folders)");
    }
    upload(List.of(file.toAbsolutePath()), List.of(join(normalizeDir(artifactDir), file.getFileName().toString())));
  }

  @Override
  public synchronized void logArtifacts(Path dir, String artifactDir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("artifact folder " + dir + " is not a directory");
    }
    String base = normalizeDir(artifactDir);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list artifact folder " + dir + ": " + e.getMessage(), e);
    }
    List<Path> abs = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (Path f : files) {
      abs.add(f.toAbsolutePath());
      paths.add(join(base, dir.relativize(f).toString().replace('\\', '/')));
    }
    upload(abs, paths);
  }

  @Override
  public synchronized void flush() {
    flush(false);
  }

  @Override
  public synchronized void end(RunStatus status) {
    if (ended) {
      return;
    }
    ended = true;
    long endTime = System.currentTimeMillis();
    flush(true);
    if (spool.hasPending()) {
      spool.append(List.of(SpoolRecord.end(runId, status, endTime)));
      warn("run " + runId + " not yet marked " + status + " on " + conn.uri() + "; the status is spooled to "
          + spool.file() + " and set when the spool is replayed (l2o mlflow sync " + spool.file().getParent() + ")");
      return;
    }
    try {
      conn.setTerminated(runId, status, endTime);
    } catch (TransportFailure f) {
      if (f.permanent()) {
        warn("run " + runId + ": status " + status + " rejected: " + f.getMessage());
      } else {
        spool.append(List.of(SpoolRecord.end(runId, status, endTime)));
        warn(f.getMessage() + "; status " + status + " of run " + runId + " spooled to " + spool.file()
            + "; run `l2o mlflow sync " + spool.file().getParent() + "` once the server is back");
      }
    }
  }

  // ---------------------------------------------------------------- internals

  private void maybeFlush() {
    if (metrics.size() >= BatchSender.MAX_METRICS
        || System.nanoTime() - lastFlushNanos >= options.flushInterval().toNanos()) {
      flush(false);
    }
  }

  /**
   * Sends the buffer, replaying the spool first. {@code force} ignores the back-off: end() makes
   * one last attempt whatever happened before.
   */
  private void flush(boolean force) {
    lastFlushNanos = System.nanoTime();
    boolean pendingSpool = spool.hasPending();
    if (metrics.isEmpty() && params.isEmpty() && tags.isEmpty() && !pendingSpool) {
      return;
    }
    List<BatchSender.Chunk> chunks = BatchSender.chunks(List.copyOf(metrics), params, tags);
    metrics.clear();
    params.clear();
    tags.clear();
    if (!force && System.nanoTime() < retryAtNanos) {
      spoolChunks(chunks, null);
      return;
    }
    try {
      if (pendingSpool) {
        replayer.replay(spool);
        if (SpoolRecord.isPlaceholder(runId)) {
          runId = replayer.resolved(runId).orElse(runId);
        }
      }
    } catch (TransportFailure f) {
      spoolChunks(chunks, new TransportFailure("replaying the spool: " + f.getMessage(), f.permanent()));
      return;
    }
    for (int i = 0; i < chunks.size(); i++) {
      try {
        sender.send(runId, chunks.get(i));
      } catch (TransportFailure f) {
        spoolChunks(chunks.subList(i, chunks.size()), f);
        return;
      }
    }
    backoffNanos = options.retryBackoff().toNanos();
    retryAtNanos = Long.MIN_VALUE;
  }

  /** Appends unsent chunks to the spool; {@code cause} null means "still backing off". */
  private void spoolChunks(List<BatchSender.Chunk> chunks, TransportFailure cause) {
    int nm = 0;
    int np = 0;
    int nt = 0;
    List<SpoolRecord> records = new ArrayList<>();
    for (BatchSender.Chunk c : chunks) {
      records.add(SpoolRecord.batch(runId, c.metrics(), c.params(), c.tags()));
      nm += c.metrics().size();
      np += c.params().size();
      nt += c.tags().size();
    }
    spool.append(records);
    if (cause != null) {
      warn(cause.getMessage() + "; " + BatchSender.describe(nm, np, nt) + " spooled to " + spool.file()
          + "; they are replayed on the next flush that reaches " + conn.uri() + ", or by `l2o mlflow sync "
          + spool.file().getParent() + "`");
      backOff();
    }
  }

  private void upload(List<Path> files, List<String> artifactPaths) {
    boolean backingOff = System.nanoTime() < retryAtNanos || SpoolRecord.isPlaceholder(runId) || spool.hasPending();
    for (int i = 0; i < files.size(); i++) {
      if (!backingOff) {
        try {
          conn.uploadArtifact(runId, files.get(i), artifactPaths.get(i));
          continue;
        } catch (TransportFailure f) {
          if (f.permanent()) {
            warn("run " + runId + ": artifact " + artifactPaths.get(i) + " not uploaded: " + f.getMessage());
            continue;
          }
          warn(f.getMessage() + "; artifact " + files.get(i) + " recorded in " + spool.file()
              + " and uploaded when the spool is replayed");
          backOff();
          backingOff = true;
        }
      }
      spool.append(List.of(SpoolRecord.artifact(runId, files.get(i).toString(), artifactPaths.get(i))));
    }
  }

  private void backOff() {
    retryAtNanos = System.nanoTime() + backoffNanos;
    backoffNanos = Math.min(Math.max(1, backoffNanos * 2), options.retryBackoffMax().toNanos());
  }

  private void warn(String message) {
    String m = message.startsWith("tracking:") ? message : "tracking: " + message;
    options.warnings().accept(m);
  }

  private static void requireKey(String key, String what) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(what + " key must be non-empty, got '" + key + "'");
    }
  }

  /** "" or a relative '/'-path without '.'/'..' segments; anything else is a caller mistake. */
  static String normalizeDir(String artifactDir) {
    if (artifactDir == null || artifactDir.isEmpty()) {
      return "";
    }
    String d = artifactDir.replace('\\', '/');
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.startsWith("/") || Stream.of(d.split("/", -1)).anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
      throw new IllegalArgumentException("artifact folder must be a relative path without '.' or '..',"
          + " got '" + artifactDir + "'");
    }
    return d;
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  @Override
  public String toString() {
    return "MlflowTracker{run=" + runId + ", server=" + conn.uri() + ", spool=" + spool.file() + "}";
  }
}
