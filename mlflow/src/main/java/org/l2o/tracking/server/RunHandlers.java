package org.l2o.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.l2o.tracking.RunStatus;

/**
 * runs/{create,get,update,delete,restore,search,log-*,set-tag,delete-tag} and
 * metrics/{get-history,get-history-bulk-interval}.
 */
final class RunHandlers {
  static final int MAX_METRICS_PER_BATCH = 1000;
  static final int MAX_PARAMS_PER_BATCH = 100;
  static final int MAX_TAGS_PER_BATCH = 100;
  static final int MAX_ENTITIES_PER_BATCH = 1000;
  /** MLflow's limits for metrics/get-history-bulk-interval. */
  static final int MAX_RUNS_BULK_HISTORY = 100;
  static final int MAX_RESULTS_PER_RUN_BULK_HISTORY = 2500;
  static final int MAX_METRICS_PER_RUN_BULK_HISTORY = 25000;

  private final FileStore store;
  private final long maxBody;

  RunHandlers(FileStore store, long maxBody) {
    this.store = store;
    this.maxBody = maxBody;
  }

  List<Route> routes() {
    List<Route> r = new ArrayList<>();
    r.add(post("runs/create", this::create));
    r.add(get("runs/get", this::get));
    r.add(post("runs/get", this::get));
    r.add(post("runs/update", this::update));
    r.add(post("runs/delete", req -> lifecycle(req, true)));
    r.add(post("runs/restore", req -> lifecycle(req, false)));
    r.add(get("runs/search", this::search));
    r.add(post("runs/search", this::search));
    r.add(post("runs/log-parameter", this::logParam));
    r.add(post("runs/log-metric", this::logMetric));
    r.add(post("runs/log-batch", this::logBatch));
    r.add(post("runs/set-tag", this::setTag));
    r.add(post("runs/delete-tag", this::deleteTag));
    r.add(get("metrics/get-history", this::history));
    r.add(post("metrics/get-history", this::history));
    r.add(get("metrics/get-history-bulk-interval", this::historyBulkInterval));
    r.add(post("runs/log-model", this::logModel));
    return r;
  }

  private Route get(String path, JsonEndpoint e) {
    return new Route(HandlerType.GET, path, JsonEndpoint.of(e, maxBody));
  }

  private Route post(String path, JsonEndpoint e) {
    return new Route(HandlerType.POST, path, JsonEndpoint.of(e, maxBody));
  }

  private JsonNode create(RequestReader r) {
    String experimentId = r.string("experiment_id");
    RunInfo info = store.createRun(
        experimentId == null || experimentId.isEmpty() ? FileStore.DEFAULT_EXPERIMENT_ID : experimentId,
        r.string("user_id"),
        r.int64("start_time", System.currentTimeMillis()),
        r.string("run_name"),
        Json.keyValues(r.body().get("tags"), "tags"));
    ObjectNode out = Json.object();
    out.set("run", Json.run(store.getRun(info.runId())));
    return out;
  }

  private JsonNode get(RequestReader r) {
    ObjectNode out = Json.object();
    out.set("run", Json.run(store.getRun(r.runId())));
    return out;
  }

  private JsonNode update(RequestReader r) {
    String status = r.string("status");
    RunInfo info = store.updateRun(
        r.runId(), status == null ? null : parseStatus(status), r.int64("end_time", null), r.string("run_name"));
    ObjectNode out = Json.object();
    out.set("run_info", Json.runInfo(info));
    return out;
  }

  private JsonNode lifecycle(RequestReader r, boolean delete) {
    store.setLifecycle(r.runId(), delete);
    return Json.object();
  }

  private JsonNode search(RequestReader r) {
    int max = r.maxResults(RunSearch.MAX_RESULTS_DEFAULT, RunSearch.MAX_RESULTS_LIMIT);
    ViewType view = ViewType.parse(r.string("run_view_type"));
    RunSearch search = new RunSearch(r.string("filter"), r.strings("order_by"));
    List<Run> runs = new ArrayList<>();
    for (String id : r.strings("experiment_ids")) {
      runs.addAll(store.listRuns(id, view));
    }
    PageToken.Page<Run> page = PageToken.page(search.apply(runs), r.string("page_token"), max);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("runs");
    page.items().forEach(run -> list.add(Json.run(run)));
    if (page.nextToken() != null) {
      out.put("next_page_token", page.nextToken());
    }
    return out;
  }

  private JsonNode logParam(RequestReader r) {
    String key = EntityNames.validateKey("param", r.required("key"));
    String value = r.string("value") == null ? "" : r.string("value");
    EntityNames.validateParamValue(key, value);
    store.logBatch(r.runId(), List.of(), Map.of(key, value), Map.of());
    return Json.object();
  }

  private JsonNode logMetric(RequestReader r) {
    Metric m = metric(r.body().isEmpty() ? queryMetric(r) : r.body());
    store.logBatch(r.runId(), List.of(m), Map.of(), Map.of());
    return Json.object();
  }

  private static JsonNode queryMetric(RequestReader r) {
    ObjectNode n = Json.object();
    for (String f : List.of("key", "value", "timestamp", "step")) {
      if (r.string(f) != null) {
        n.put(f, r.string(f));
      }
    }
    return n;
  }

  private JsonNode setTag(RequestReader r) {
    String key = EntityNames.validateKey("tag", r.required("key"));
    String value = r.string("value") == null ? "" : r.string("value");
    EntityNames.validateTagValue(key, value);
    store.logBatch(r.runId(), List.of(), Map.of(), Map.of(key, value));
    return Json.object();
  }

  private JsonNode deleteTag(RequestReader r) {
    store.deleteTag(r.runId(), r.required("key"));
    return Json.object();
  }

  /**
   * log-batch within MLflow's limits. Params repeated in one batch must agree; tags repeated take
   * the last value, as MLflow does.
   */
  private JsonNode logBatch(RequestReader r) {
    String runId = r.runId();
    JsonNode metricsNode = r.body().path("metrics");
    JsonNode paramsNode = r.body().path("params");
    JsonNode tagsNode = r.body().path("tags");
    int nm = metricsNode.size();
    int np = paramsNode.size();
    int nt = tagsNode.size();
    checkLimit(nm, MAX_METRICS_PER_BATCH, "metrics");
    checkLimit(np, MAX_PARAMS_PER_BATCH, "params");
    checkLimit(nt, MAX_TAGS_PER_BATCH, "tags");
    if (nm + np + nt > MAX_ENTITIES_PER_BATCH) {
      throw MlflowError.invalid("A batch logging request can contain at most " + MAX_ENTITIES_PER_BATCH
          + " metrics, params, and tags in total. Got " + (nm + np + nt)
          + ". Please split up the data across multiple requests and try again.");
    }
    List<Metric> metrics = new ArrayList<>();
    metricsNode.forEach(m -> metrics.add(metric(m)));
    Map<String, String> params = new LinkedHashMap<>();
    for (JsonNode p : paramsNode) {
      String key = EntityNames.validateKey("param", p.path("key").asText(null));
      String value = p.path("value").isMissingNode() || p.path("value").isNull() ? "" : p.path("value").asText();
      EntityNames.validateParamValue(key, value);
      String previous = params.put(key, value);
      if (previous != null && !previous.equals(value)) {
        throw MlflowError.invalid("Duplicate parameter key '" + key + "' with different values ('"
            + previous + "', '" + value + "') in one batch for run ID='" + runId + "'.");
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode t : tagsNode) {
      String key = EntityNames.validateKey("tag", t.path("key").asText(null));
      String value = t.path("value").isMissingNode() || t.path("value").isNull() ? "" : t.path("value").asText();
      EntityNames.validateTagValue(key, value);
      tags.put(key, value);
    }
    store.logBatch(runId, metrics, params, tags);
    return Json.object();
  }

  private static void checkLimit(int n, int max, String what) {
    if (n > max) {
      throw MlflowError.invalid("A batch logging request can contain at most " + max + " " + what
          + ". Got " + n + " " + what + ". Please split up " + what
          + " across multiple requests and try again.");
    }
  }

  /**
   * A metric from a request. Key, value and timestamp are required as in MLflow; step defaults
   * to 0 because protobuf's JSON leaves out fields holding their default.
   */
  private static Metric metric(JsonNode n) {
    String key = EntityNames.validateKey("metric", n.path("key").isTextual() ? n.path("key").asText() : null);
    if (!n.has("value")) {
      throw MlflowError.invalid("Got invalid value None for metric '" + key + "' (timestamp="
          + n.path("timestamp").asText() + "). Please specify value as a valid double (64-bit floating point)");
    }
    double value = Json.float64(n, "value");
    Long timestamp = Json.int64(n, "timestamp", null);
    if (timestamp == null) {
      throw MlflowError.invalid("Missing value for required parameter 'timestamp' of metric '" + key + "'");
    }
    return new Metric(key, value, timestamp, Json.int64(n, "step", 0L));
  }

  private JsonNode history(RequestReader r) {
    String key = r.required("metric_key");
    List<Metric> all = store.metricHistory(r.runId(), key);
    // The 2.17 Java client crashes on a paged answer, so page only when a page size is asked for.
    Long max = r.int64("max_results", null);
    List<Metric> items = all;
    String next = null;
    if (max != null || r.string("page_token") != null) {
      PageToken.Page<Metric> page =
          PageToken.page(all, r.string("page_token"), max == null ? 25000 : (int) Math.max(1, Math.min(max, Integer.MAX_VALUE)));
      items = page.items();
      next = page.nextToken();
    }
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("metrics");
    items.forEach(m -> list.add(Json.metric(m)));
    if (next != null) {
      out.put("next_page_token", next);
    }
    return out;
  }

  /**
   * The UI's chart views: one metric of up to 100 runs, thinned to at most {@code max_results}
   * steps (see {@link StepSampling}); every value carries its run_id.
   */
  private JsonNode historyBulkInterval(RequestReader r) {
    List<String> runIds = r.strings("run_ids");
    if (runIds.isEmpty()) {
      throw MlflowError.invalid("Missing value for required parameter 'run_ids'.");
    }
    if (runIds.size() > MAX_RUNS_BULK_HISTORY) {
      throw MlflowError.invalid("GetMetricHistoryBulkInterval request must specify at most "
          + MAX_RUNS_BULK_HISTORY + " run_ids. Received " + runIds.size() + " run_ids.");
    }
    String key = r.required("metric_key");
    Long start = r.int64("start_step", null);
    Long end = r.int64("end_step", null);
    if ((start == null) != (end == null)) {
      throw MlflowError.invalid("If either start step or end step are specified, both must be specified.");
    }
    if (start != null && start > end) {
      throw MlflowError.invalid("end_step must be greater than start_step. Found start_step=" + start
          + " and end_step=" + end + ".");
    }
    long max = r.int64("max_results", (long) MAX_RESULTS_PER_RUN_BULK_HISTORY);
    if (max < 1 || max > MAX_RESULTS_PER_RUN_BULK_HISTORY) {
      throw MlflowError.invalid("max_results must be between 1 and " + MAX_RESULTS_PER_RUN_BULK_HISTORY + ".");
    }
    Map<String, List<Metric>> histories = new LinkedHashMap<>();
    for (String id : runIds) {
      histories.put(id, store.metricHistory(id, key));
    }
    List<List<Long>> steps = histories.values().stream().map(h -> h.stream().map(Metric::step).toList()).toList();
    java.util.Set<Long> sampled = new java.util.HashSet<>(StepSampling.sample(steps, start, end, (int) max));
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("metrics");
    histories.forEach((runId, history) -> history.stream()
        .filter(m -> sampled.contains(m.step()))
        .sorted(java.util.Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp))
        .limit(MAX_METRICS_PER_RUN_BULK_HISTORY)
        .forEach(m -> list.add(Json.metric(m).put("run_id", runId))));
    return out;
  }

  /**
   * runs/log-model, which MLflow's Python client calls after uploading a model's files: appends
   * the model's MLmodel dict to the run tag through which the UI lists logged models.
   */
  private JsonNode logModel(RequestReader r) {
    String json = r.required("model_json");
    JsonNode model;
    try {
      model = Json.MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw MlflowError.invalid("Malformed value for 'model_json': " + e.getOriginalMessage());
    }
    for (String field : List.of("artifact_path", "flavors", "utc_time_created", "run_id")) {
      if (!model.hasNonNull(field)) {
        throw MlflowError.invalid("Model json is missing mandatory fields: '" + field + "'");
      }
    }
    store.appendLoggedModel(r.runId(), model);
    return Json.object();
  }

  static RunStatus parseStatus(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    try {
      return t.chars().allMatch(Character::isDigit) ? RunStatus.fromCode(Integer.parseInt(t)) : RunStatus.valueOf(t);
    } catch (IllegalArgumentException e) {
      throw MlflowError.invalid("Invalid run status '" + text
          + "'; expected RUNNING, SCHEDULED, FINISHED, FAILED or KILLED");
    }
  }
}
