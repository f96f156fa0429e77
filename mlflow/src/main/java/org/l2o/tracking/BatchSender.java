package org.l2o.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.l2o.tracking.SpoolRecord.SpooledMetric;

/**
 * Sends metrics, params and tags with runs/log-batch within MLflow's limits (at most 1000
 * metrics, 100 params, 100 tags and 1000 entities a request). When the server rejects a batch
 * for its content (HTTP 4xx: a changed param, an invalid key), the batch is re-sent in parts so
 * only the offending items are lost, each with a warning.
 */
final class BatchSender {
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  static final int MAX_ENTITIES = 1000;

  /** One log-batch request's worth. */
  record Chunk(List<SpooledMetric> metrics, Map<String, String> params, Map<String, String> tags) {
    int size() {
      return metrics.size() + params.size() + tags.size();
    }

    String describe() {
      return BatchSender.describe(metrics.size(), params.size(), tags.size());
    }
  }

  private final TrackingConnection conn;
  private final Consumer<String> warnings;

  BatchSender(TrackingConnection conn, Consumer<String> warnings) {
    this.conn = conn;
    this.warnings = warnings;
  }

  /** Splits into requests within the limits: params and tags first, metrics filling up. */
  static List<Chunk> chunks(List<SpooledMetric> metrics, Map<String, String> params, Map<String, String> tags) {
    List<Chunk> out = new ArrayList<>();
    List<Map.Entry<String, String>> p = new ArrayList<>(params.entrySet());
    List<Map.Entry<String, String>> t = new ArrayList<>(tags.entrySet());
    int mi = 0;
    int pi = 0;
    int ti = 0;
    while (mi < metrics.size() || pi < p.size() || ti < t.size()) {
      Map<String, String> cp = new LinkedHashMap<>();
      while (pi < p.size() && cp.size() < MAX_PARAMS) {
        cp.put(p.get(pi).getKey(), p.get(pi).getValue());
        pi++;
      }
      Map<String, String> ct = new LinkedHashMap<>();
      while (ti < t.size() && ct.size() < MAX_TAGS) {
        ct.put(t.get(ti).getKey(), t.get(ti).getValue());
        ti++;
      }
      int room = Math.min(MAX_METRICS, MAX_ENTITIES - cp.size() - ct.size());
      int to = Math.min(metrics.size(), mi + room);
      out.add(new Chunk(List.copyOf(metrics.subList(mi, to)), cp, ct));
      mi = to;
    }
    return out;
  }

  /**
   * Sends one chunk. Returns normally when everything the server accepts was logged (rejected
   * items are reported); throws only for transient failures, which the caller spools.
   */
  void send(String runId, Chunk c) throws TransportFailure {
    try {
      conn.logBatch(runId, c.metrics(), c.params(), c.tags());
      return;
    } catch (TransportFailure f) {
      if (!f.permanent()) {
        throw f;
      }
      if (c.size() == 1) {
        warnings.accept("tracking: run " + runId + ": the server rejected " + c.describe() + " ("
            + f.getMessage() + "); dropped, since sending it again would fail the same way");
        return;
      }
    }
    Map<String, List<SpooledMetric>> byKey = new LinkedHashMap<>();
    c.metrics().forEach(m -> byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m));
    for (Map.Entry<String, List<SpooledMetric>> e : byKey.entrySet()) {
      try {
        conn.logBatch(runId, e.getValue(), Map.of(), Map.of());
      } catch (TransportFailure f) {
        rejectedOrThrow(f, runId, e.getValue().size() + " values of metric '" + e.getKey() + "'");
      }
    }
    for (Map.Entry<String, String> p : c.params().entrySet()) {
      try {
        conn.logBatch(runId, List.of(), Map.of(p.getKey(), p.getValue()), Map.of());
      } catch (TransportFailure f) {
        rejectedOrThrow(f, runId, "param '" + p.getKey() + "'='" + p.getValue() + "'");
      }
    }
    for (Map.Entry<String, String> t : c.tags().entrySet()) {
      try {
        conn.logBatch(runId, List.of(), Map.of(), Map.of(t.getKey(), t.getValue()));
      } catch (TransportFailure f) {
        rejectedOrThrow(f, runId, "tag '" + t.getKey() + "'");
      }
    }
  }

  private void rejectedOrThrow(TransportFailure f, String runId, String what) throws TransportFailure {
    if (!f.permanent()) {
      throw f;
    }
    warnings.accept("tracking: run " + runId + ": the server rejected " + what + " (" + f.getMessage()
        + "); dropped, since sending it again would fail the same way");
  }

  static String describe(int metrics, int params, int tags) {
    return metrics + " metrics, " + params + " params, " + tags + " tags";
  }
}
