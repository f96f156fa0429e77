package org.l2o.tracking;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a spool file: something the tracker could not send and will replay. Lines are
 * self-contained JSON so a torn last line costs only itself, and so a person can read them.
 *
 * <ul>
 *   <li>{@code create_run}: a run the server was down to create; {@code run_id} is a placeholder
 *       ({@code pending-...}) that later records refer to;
 *   <li>{@code batch}: metrics, params and tags;
 *   <li>{@code artifact}: a local file to upload under {@code artifact_path};
 *   <li>{@code end}: the run's final status.
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record SpoolRecord(
    int v,
    String type,
    String run_id,
    String experiment_id,
    String run_name,
    Long time,
    String status,
    List<SpooledMetric> metrics,
    Map<String, String> params,
    Map<String, String> tags,
    String file,
    String artifact_path) {

  static final int VERSION = 1;
  static final String CREATE_RUN = "create_run";
  static final String BATCH = "batch";
  static final String ARTIFACT = "artifact";
  static final String END = "end";
  static final String PLACEHOLDER_PREFIX = "pending-";

  /** JSON for spool lines; NaN and infinities travel as strings, as in MLflow's JSON. */
  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  /** One metric value with the timestamp it was logged at, which replay uses to skip duplicates. */
  record SpooledMetric(String key, double value, long timestamp, long step) {}

  static SpoolRecord createRun(String placeholder, String experimentId, String runName, long startTime,
      Map<String, String> tags) {
    return new SpoolRecord(VERSION, CREATE_RUN, placeholder, experimentId, runName, startTime, null, null,
        null, new LinkedHashMap<>(tags), null, null);
  }

  static SpoolRecord batch(String runId, List<SpooledMetric> metrics, Map<String, String> params,
      Map<String, String> tags) {
    return new SpoolRecord(VERSION, BATCH, runId, null, null, null, null, List.copyOf(metrics),
        new LinkedHashMap<>(params), new LinkedHashMap<>(tags), null, null);
  }

  static SpoolRecord artifact(String runId, String file, String artifactPath) {
    return new SpoolRecord(VERSION, ARTIFACT, runId, null, null, null, null, null, null, null, file,
        artifactPath);
  }

  static SpoolRecord end(String runId, RunStatus status, long endTime) {
    return new SpoolRecord(VERSION, END, runId, null, null, endTime, status.name(), null, null, null, null,
        null);
  }

  List<SpooledMetric> metricsOrEmpty() {
    return metrics == null ? List.of() : metrics;
  }

  Map<String, String> paramsOrEmpty() {
    return params == null ? Map.of() : params;
  }

  Map<String, String> tagsOrEmpty() {
    return tags == null ? Map.of() : tags;
  }

  static boolean isPlaceholder(String runId) {
    return runId != null && runId.startsWith(PLACEHOLDER_PREFIX);
  }
}
