package org.l2o.tracking.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.l2o.tracking.RunStatus;

/**
 * The {@code meta.yaml} files of MLflow's FileStore. Keys are written sorted, as PyYAML's
 * {@code safe_dump} does, and ids are quoted strings while times and codes are integers: the
 * types {@code mlflow ui} expects. Reading is lenient about what older MLflow versions wrote
 * (integer experiment ids, a missing run_name or deleted_time).
 */
final class MetaYaml {
  static final int SOURCE_TYPE_LOCAL = 4;

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private MetaYaml() {}

  static String experimentYaml(Experiment e) {
    Map<String, Object> m = new TreeMap<>();
    m.put("artifact_location", e.artifactLocation());
    m.put("creation_time", e.creationTime());
    m.put("experiment_id", e.id());
    m.put("last_update_time", e.lastUpdateTime());
    m.put("lifecycle_stage", e.lifecycleStage());
    m.put("name", e.name());
    return dump(m);
  }

  static String runYaml(RunInfo r) {
    Map<String, Object> m = new TreeMap<>();
    m.put("artifact_uri", r.artifactUri());
    m.put("deleted_time", r.deletedTime());
    m.put("end_time", r.endTime());
    m.put("entry_point_name", "");
    m.put("experiment_id", r.experimentId());
    m.put("lifecycle_stage", r.lifecycleStage());
    m.put("run_id", r.runId());
    m.put("run_name", r.runName());
    m.put("run_uuid", r.runId());
    m.put("source_name", "");
    m.put("source_type", SOURCE_TYPE_LOCAL);
    m.put("source_version", "");
    m.put("start_time", r.startTime());
    m.put("status", r.status().code());
    m.put("tags", List.of());
    m.put("user_id", r.userId());
    return dump(m);
  }

  /** Reads an experiment's meta.yaml; tags come from its tags folder, read by the caller. */
  static Experiment readExperiment(Path metaFile, Map<String, String> tags) {
    JsonNode n = load(metaFile);
    return new Experiment(
        text(n, "experiment_id", metaFile.getParent().getFileName().toString()),
        text(n, "name", ""),
        text(n, "artifact_location", ""),
        text(n, "lifecycle_stage", FileStore.ACTIVE),
        number(n, "creation_time", 0L),
        number(n, "last_update_time", number(n, "creation_time", 0L)),
        tags);
  }

  /** Reads a run's meta.yaml; {@code fallbackName} is tags/mlflow.runName for old runs. */
  static RunInfo readRun(Path metaFile, String fallbackName) {
    JsonNode n = load(metaFile);
    String runId = text(n, "run_id", text(n, "run_uuid", metaFile.getParent().getFileName().toString()));
    String name = text(n, "run_name", null);
    if (name == null || name.isEmpty()) {
      name = fallbackName == null ? "" : fallbackName;
    }
    return new RunInfo(
        runId,
        text(n, "experiment_id", metaFile.getParent().getParent().getFileName().toString()),
        name,
        text(n, "user_id", ""),
        RunStatus.fromCode((int) number(n, "status", RunStatus.RUNNING.code())),
        number(n, "start_time", 0L),
        nullableNumber(n, "end_time"),
        text(n, "artifact_uri", ""),
        text(n, "lifecycle_stage", FileStore.ACTIVE),
        nullableNumber(n, "deleted_time"));
  }

  /**
   * A registered model's meta.yaml as MLflow's registry FileStore writes it: tags and latest
   * versions are not in it; aliases are, but readers take them from the aliases folder.
   */
  static String registeredModelYaml(RegisteredModel r) {
    Map<String, Object> m = new TreeMap<>();
    m.put("aliases", new TreeMap<>(r.aliases()));
    m.put("creation_timestamp", r.creationTimestamp());
    m.put("description", r.description());
    m.put("last_updated_timestamp", r.lastUpdatedTimestamp());
    m.put("name", r.name());
    return dump(m);
  }

  /** A model version's meta.yaml: tags are in its tags folder, aliases in the model's. */
  static String modelVersionYaml(ModelVersion v) {
    Map<String, Object> m = new TreeMap<>();
    m.put("aliases", v.aliases());
    m.put("creation_timestamp", v.creationTimestamp());
    m.put("current_stage", v.currentStage());
    m.put("description", v.description());
    m.put("last_updated_timestamp", v.lastUpdatedTimestamp());
    m.put("name", v.name());
    m.put("run_id", v.runId());
    m.put("run_link", v.runLink());
    m.put("source", v.source());
    m.put("status", v.status());
    m.put("status_message", v.statusMessage());
    m.put("storage_location", v.storageLocation());
    m.put("user_id", v.userId());
    m.put("version", v.version());
    return dump(m);
  }

  static RegisteredModel readRegisteredModel(Path metaFile, Map<String, String> tags, Map<String, String> aliases) {
    JsonNode n = load(metaFile);
    long created = number(n, "creation_timestamp", 0L);
    return new RegisteredModel(
        text(n, "name", metaFile.getParent().getFileName().toString()),
        created,
        number(n, "last_updated_timestamp", created),
        text(n, "description", null),
        tags,
        aliases);
  }

  static ModelVersion readModelVersion(Path metaFile, Map<String, String> tags, List<String> aliases) {
    JsonNode n = load(metaFile);
    String dirName = metaFile.getParent().getFileName().toString();
    long created = number(n, "creation_timestamp", 0L);
    return new ModelVersion(
        text(n, "name", metaFile.getParent().getParent().getFileName().toString()),
        number(n, "version", Long.parseLong(dirName.substring(dirName.indexOf('-') + 1))),
        created,
        number(n, "last_updated_timestamp", created),
        text(n, "description", null),
        text(n, "user_id", null),
        text(n, "current_stage", ModelRegistryStore.STAGE_NONE),
        text(n, "source", null),
        text(n, "run_id", null),
        text(n, "run_link", null),
        text(n, "status", ModelRegistryStore.STATUS_READY),
        text(n, "status_message", null),
        text(n, "storage_location", null),
        tags,
        aliases);
  }

  private static String dump(Map<String, Object> m) {
    try {
      return YAML.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write meta.yaml for " + m + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode load(Path file) {
    String text = StoreFiles.read(file);
    try {
      JsonNode n = YAML.readTree(text);
      if (n == null || !n.isObject()) {
        throw new IllegalStateException(
            "malformed meta.yaml " + file + ": expected a mapping, got '" + text + "'");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("malformed meta.yaml " + file + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String key, String fallback) {
    JsonNode v = n.get(key);
    return v == null || v instanceof NullNode ? fallback : v.asText();
  }

  private static long number(JsonNode n, String key, long fallback) {
    Long v = nullableNumber(n, key);
    return v == null ? fallback : v;
  }

  private static Long nullableNumber(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v instanceof NullNode || v.asText().isEmpty()) {
      return null;
    }
    return v.isNumber() ? v.asLong() : Long.valueOf(v.asText().trim());
  }
}
