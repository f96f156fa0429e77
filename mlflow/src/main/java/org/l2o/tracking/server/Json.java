package org.l2o.tracking.server;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as MLflow speaks it. Protobuf's JSON mapping, which the Java client uses, sends int64
 * values as strings and non-finite doubles as "NaN"/"Infinity"; Python sends numbers. Both are
 * accepted. Answers use numbers for int64 (as MLflow's server does) and strings for NaN.
 */
final class Json {
  static final JsonMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** An int64 field given as a number or a numeric string; {@code fallback} when absent. */
  static Long int64(JsonNode parent, String field, Long fallback) {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw MlflowError.invalid(
        "Invalid value " + v + " for parameter '" + field + "' supplied: expected an int64");
  }

  /** A double given as a number or as "NaN", "Infinity", "-Infinity" or numeric text. */
  static double float64(JsonNode parent, String field) {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      throw MlflowError.invalid("Missing value for required parameter '" + field + "'");
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual()) {
      String t = v.asText().trim();
      switch (t.toLowerCase(Locale.ROOT)) {
        case "nan":
          return Double.NaN;
        case "infinity":
        case "inf":
          return Double.POSITIVE_INFINITY;
        case "-infinity":
        case "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(t);
          } catch (NumberFormatException e) {
            // reported below
          }
      }
    }
    throw MlflowError.invalid(
        "Invalid value " + v + " for parameter '" + field + "' supplied: expected a double");
  }

  /** The {@code [{"key":..,"value":..}]} list MLflow uses for params and tags, as a map. */
  static Map<String, String> keyValues(JsonNode array, String what) {
    Map<String, String> out = new TreeMap<>();
    if (array == null || array.isNull()) {
      return out;
    }
    if (!array.isArray()) {
      throw MlflowError.invalid("Invalid value " + array + " for '" + what + "': expected a list");
    }
    for (JsonNode kv : array) {
      JsonNode key = kv.get("key");
      if (key == null || !key.isTextual()) {
        throw MlflowError.invalid("Missing value for required parameter 'key' in " + what + ": " + kv);
      }
      JsonNode value = kv.get("value");
      out.put(key.asText(), value == null || value.isNull() ? "" : value.asText());
    }
    return out;
  }

  static ArrayNode keyValueArray(Map<String, String> map) {
    ArrayNode a = MAPPER.createArrayNode();
    new TreeMap<>(map).forEach((k, v) -> a.addObject().put("key", k).put("value", v));
    return a;
  }

  static ObjectNode experiment(Experiment e) {
    ObjectNode n = object();
    n.put("experiment_id", e.id());
    n.put("name", e.name());
    n.put("artifact_location", e.artifactLocation());
    n.put("lifecycle_stage", e.lifecycleStage());
    n.put("last_update_time", e.lastUpdateTime());
    n.put("creation_time", e.creationTime());
    n.set("tags", keyValueArray(e.tags()));
    return n;
  }

  static ObjectNode runInfo(RunInfo i) {
    ObjectNode n = object();
    n.put("run_id", i.runId());
    n.put("run_uuid", i.runId());
    n.put("run_name", i.runName());
    n.put("experiment_id", i.experimentId());
    n.put("user_id", i.userId());
    n.put("status", i.status().name());
    n.put("start_time", i.startTime());
    if (i.endTime() != null) {
      n.put("end_time", i.endTime());
    }
    n.put("artifact_uri", i.artifactUri());
    n.put("lifecycle_stage", i.lifecycleStage());
    return n;
  }

  static ObjectNode metric(Metric m) {
    ObjectNode n = object();
    n.put("key", m.key());
    n.put("value", m.value());
    n.put("timestamp", m.timestamp());
    n.put("step", m.step());
    return n;
  }

  static ObjectNode run(Run r) {
    ObjectNode n = object();
    n.set("info", runInfo(r.info()));
    ObjectNode data = n.putObject("data");
    ArrayNode metrics = data.putArray("metrics");
    new TreeMap<>(r.latestMetrics()).values().forEach(m -> metrics.add(metric(m)));
    data.set("params", keyValueArray(r.params()));
    data.set("tags", keyValueArray(r.tags()));
    n.putObject("inputs");
    return n;
  }
}
