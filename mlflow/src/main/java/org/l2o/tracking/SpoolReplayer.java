package org.l2o.tracking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.l2o.tracking.SpoolRecord.SpooledMetric;

/**
 * Replays spool files to a tracking server, exactly once.
 *
 * <p>A spooled batch may already be on the server: its request can time out after the server
 * wrote it, or a replay can be cut off after sending and before marking the file done. So before
 * sending metrics, replay reads each metric's history and skips values already present with the
 * same timestamp, step and value (params and tags are idempotent). Runs created from a spool
 * are found again by their {@link Tags#SPOOL_RUN_KEY} tag instead of being created twice.
 */
final class SpoolReplayer {
  private final TrackingConnection conn;
  private final BatchSender sender;
  private final Consumer<String> warnings;
  private final Map<String, String> resolved = new HashMap<>();

  SpoolReplayer(TrackingConnection conn, Consumer<String> warnings) {
    this.conn = conn;
    this.sender = new BatchSender(conn, warnings);
    this.warnings = warnings;
  }

  /** The real run id of a placeholder, once its run was created. */
  Optional<String> resolved(String placeholder) {
    return Optional.ofNullable(resolved.get(placeholder));
  }

  /** Creates (or finds) the runs the spool's create_run records stand for. */
  void createRuns(Spool spool) throws TransportFailure {
    spool.locked(() -> {
      for (SpoolRecord r : spool.read(s -> { })) {
        if (SpoolRecord.CREATE_RUN.equals(r.type())) {
          createRun(r);
        }
      }
      return null;
    });
  }

  /**
   * Replays every record of {@code spool}, then renames it {@code .done}. Returns the number of
   * items sent (metrics not already on the server, params, tags, artifacts, runs, statuses).
   * On a transient failure it stops and throws; the file stays for the next attempt.
   */
  int replay(Spool spool) throws TransportFailure {
    return spool.locked(() -> {
      List<SpoolRecord> records = spool.read(warnings);
      int items = 0;
      int i = 0;
      while (i < records.size()) {
        SpoolRecord r = records.get(i);
        switch (r.type() == null ? "" : r.type()) {
          case SpoolRecord.CREATE_RUN -> {
            items += createRun(r) ? 1 : 0;
            i++;
          }
          case SpoolRecord.BATCH -> {
            int j = i;
            List<SpooledMetric> metrics = new ArrayList<>();
            Map<String, String> params = new LinkedHashMap<>();
            Map<String, String> tags = new LinkedHashMap<>();
            while (j < records.size() && SpoolRecord.BATCH.equals(records.get(j).type())
                && r.run_id().equals(records.get(j).run_id())) {
              SpoolRecord b = records.get(j);
              metrics.addAll(b.metricsOrEmpty());
              b.paramsOrEmpty().forEach(params::putIfAbsent);
              tags.putAll(b.tagsOrEmpty());
              j++;
            }
            items += replayBatch(spool, r.run_id(), metrics, params, tags);
            i = j;
          }
          case SpoolRecord.ARTIFACT -> {
            items += replayArtifact(spool, r);
            i++;
          }
          case SpoolRecord.END -> {
            items += replayEnd(spool, r);
            i++;
          }
          default -> {
            warnings.accept("tracking: spool " + spool + " has a record of unknown type '" + r.type()
                + "'; skipped");
            i++;
          }
        }
      }
      spool.markDone();
      return items;
    });
  }

  private boolean createRun(SpoolRecord r) throws TransportFailure {
    if (resolved.containsKey(r.run_id())) {
      return false;
    }
    Optional<String> existing = conn.findRunByTag(r.experiment_id(), Tags.SPOOL_RUN_KEY, r.run_id());
    String id;
    if (existing.isPresent()) {
      id = existing.get();
    } else {
      id = conn.createRun(r.experiment_id(), r.run_name(), r.time() == null ? System.currentTimeMillis() : r.time(),
          mapPlaceholders(r.tagsOrEmpty()));
    }
    resolved.put(r.run_id(), id);
    return existing.isEmpty();
  }

  private int replayBatch(Spool spool, String runKey, List<SpooledMetric> metrics, Map<String, String> params,
      Map<String, String> tags) throws TransportFailure {
    String runId = realRunId(spool, runKey, BatchSender.describe(metrics.size(), params.size(), tags.size()));
    if (runId == null) {
      return 0;
    }
    List<SpooledMetric> fresh = notOnServer(runId, metrics);
    Map<String, String> mappedTags = mapPlaceholders(tags);
    int items = 0;
    for (BatchSender.Chunk c : BatchSender.chunks(fresh, params, mappedTags)) {
      sender.send(runId, c);
      items += c.size();
    }
    return items;
  }

  /** The metrics whose (key, timestamp, step, value) is not yet in the run's history. */
  private List<SpooledMetric> notOnServer(String runId, List<SpooledMetric> metrics) throws TransportFailure {
    Map<String, Set<List<Long>>> present = new HashMap<>();
    List<SpooledMetric> out = new ArrayList<>();
    for (SpooledMetric m : metrics) {
      Set<List<Long>> seen = present.get(m.key());
      if (seen == null) {
        seen = new HashSet<>();
        for (SpooledMetric h : conn.metricHistory(runId, m.key())) {
          seen.add(identity(h));
        }
        present.put(m.key(), seen);
      }
      if (seen.add(identity(m))) {
        out.add(m);
      }
    }
    return out;
  }

  private static List<Long> identity(SpooledMetric m) {
    return List.of(m.timestamp(), m.step(), Double.doubleToLongBits(m.value()));
  }

  private int replayArtifact(Spool spool, SpoolRecord r) throws TransportFailure {
    String runId = realRunId(spool, r.run_id(), "artifact " + r.artifact_path());
    if (runId == null) {
      return 0;
    }
    try {
      conn.uploadArtifact(runId, Path.of(r.file()), r.artifact_path());
      return 1;
    } catch (TransportFailure f) {
      if (!f.permanent()) {
        throw f;
      }
      warnings.accept("tracking: run " + runId + ": artifact " + r.artifact_path() + " from " + r.file()
          + " not uploaded: " + f.getMessage());
      return 0;
    }
  }

  private int replayEnd(Spool spool, SpoolRecord r) throws TransportFailure {
    String runId = realRunId(spool, r.run_id(), "status " + r.status());
    if (runId == null) {
      return 0;
    }
    try {
      conn.setTerminated(runId, RunStatus.valueOf(r.status()), r.time() == null ? System.currentTimeMillis() : r.time());
      return 1;
    } catch (TransportFailure f) {
      if (!f.permanent()) {
        throw f;
      }
      warnings.accept("tracking: run " + runId + ": status " + r.status() + " rejected: " + f.getMessage());
      return 0;
    }
  }

  private String realRunId(Spool spool, String runKey, String what) {
    if (!SpoolRecord.isPlaceholder(runKey)) {
      return runKey;
    }
    String id = resolved.get(runKey);
    if (id == null) {
      warnings.accept("tracking: spool " + spool + ": " + what + " belongs to run " + runKey
          + ", which was never created (its create_run record is missing); skipped");
    }
    return id;
  }

  private Map<String, String> mapPlaceholders(Map<String, String> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    tags.forEach((k, v) -> out.put(k, SpoolRecord.isPlaceholder(v) && resolved.containsKey(v) ? resolved.get(v) : v));
    return out;
  }
}
