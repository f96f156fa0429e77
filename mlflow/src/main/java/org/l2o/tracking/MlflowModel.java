package org.l2o.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An MLflow Model's {@code MLmodel} file, as MLflow 2.17 writes it: {@code artifact_path},
 * {@code flavors}, {@code model_uuid}, {@code mlflow_version}, {@code run_id},
 * {@code signature} (tensor specs as JSON strings), {@code utc_time_created} and
 * {@code model_size_bytes}, keys sorted and null fields left out. {@link #historyEntry()} is the
 * same dict as the JSON that the run tag {@link Tags#LOGGED_MODELS} lists, which is how the MLflow
 * UI finds a run's models.
 */
public final class MlflowModel {
  public static final String FILE_NAME = "MLmodel";
  /** The MLflow release whose model format (and REST API) this project follows. */
  public static final String MLFLOW_VERSION = "2.17.2";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Keys sorted at every level and long strings on one line, as PyYAML's safe_dump writes MLmodel. */
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build()).enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  /** Python's {@code str(datetime.utcnow())}, which MLflow writes. */
  private static final DateTimeFormatter UTC_CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  /** One tensor of a signature: MLflow's {@code {"name", "type": "tensor", "tensor-spec"}}. */
  public record TensorSpec(String name, String dtype, List<Long> shape) {
    public TensorSpec {
      Objects.requireNonNull(dtype, "dtype");
      shape = List.copyOf(shape);
    }

    Map<String, Object> toDict() {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("dtype", dtype);
      spec.put("shape", shape);
      Map<String, Object> m = new LinkedHashMap<>();
      if (name != null) {
        m.put("name", name);
      }
      m.put("type", "tensor");
      m.put("tensor-spec", spec);
      return m;
    }
  }

  private final String artifactPath;
  private final String runId;
  private final Map<String, Map<String, Object>> flavors;
  private final List<TensorSpec> inputs;
  private final List<TensorSpec> outputs;
  private final String modelUuid;
  private final String utcTimeCreated;
  private final Long modelSizeBytes;

  private MlflowModel(Builder b) {
    this.artifactPath = b.artifactPath;
    this.runId = b.runId;
    this.flavors = new TreeMap<>(b.flavors);
    this.inputs = List.copyOf(b.inputs);
    this.outputs = List.copyOf(b.outputs);
    this.modelUuid = b.modelUuid;
    this.utcTimeCreated = b.utcTimeCreated;
    this.modelSizeBytes = b.modelSizeBytes;
  }

  public static Builder builder(String artifactPath) {
    return new Builder(artifactPath);
  }

  /** Collects the parts of a model; uuid and creation time default to fresh values. */
  public static final class Builder {
    private final String artifactPath;
    private String runId;
    private final Map<String, Map<String, Object>> flavors = new LinkedHashMap<>();
    private final List<TensorSpec> inputs = new ArrayList<>();
    private final List<TensorSpec> outputs = new ArrayList<>();
    private String modelUuid = UUID.randomUUID().toString().replace("-", "");
    private String utcTimeCreated = LocalDateTime.now(ZoneOffset.UTC).format(UTC_CREATED);
    private Long modelSizeBytes;

    private Builder(String artifactPath) {
      if (artifactPath == null || artifactPath.isBlank()) {
        throw new IllegalArgumentException("artifact path of an MLflow Model must be non-empty, e.g. 'model'");
      }
      this.artifactPath = artifactPath;
    }

    /** The run the model is logged to; null leaves run_id out (a model saved outside a run). */
    public Builder runId(String id) {
      this.runId = id;
      return this;
    }

    /** Adds a flavor: its name and configuration (file paths relative to the model folder). */
    public Builder flavor(String name, Map<String, Object> config) {
      flavors.put(Objects.requireNonNull(name, "flavor name"), new LinkedHashMap<>(config));
      return this;
    }

    public Builder input(TensorSpec spec) {
      inputs.add(spec);
      return this;
    }

    public Builder output(TensorSpec spec) {
      outputs.add(spec);
      return this;
    }

    public Builder modelSizeBytes(long bytes) {
      this.modelSizeBytes = bytes;
      return this;
    }

    public Builder modelUuid(String uuid) {
      this.modelUuid = Objects.requireNonNull(uuid, "uuid");
      return this;
    }

    public Builder utcTimeCreated(LocalDateTime utc) {
      this.utcTimeCreated = utc.format(UTC_CREATED);
      return this;
    }

    public MlflowModel build() {
      if (flavors.isEmpty()) {
        throw new IllegalStateException("an MLflow Model needs at least one flavor");
      }
      return new MlflowModel(this);
    }
  }

  public String artifactPath() {
    return artifactPath;
  }

  public String modelUuid() {
    return modelUuid;
  }

  public Map<String, Map<String, Object>> flavors() {
    return flavors;
  }

  /** MLflow's {@code Model.to_dict()}: what MLmodel holds, keys sorted, nulls left out. */
  public Map<String, Object> toDict() {
    Map<String, Object> m = new TreeMap<>();
    m.put("artifact_path", artifactPath);
    m.put("flavors", flavors);
    m.put("mlflow_version", MLFLOW_VERSION);
    m.put("model_uuid", modelUuid);
    m.put("utc_time_created", utcTimeCreated);
    if (runId != null) {
      m.put("run_id", runId);
    }
    if (modelSizeBytes != null) {
      m.put("model_size_bytes", modelSizeBytes);
    }
    if (!inputs.isEmpty() || !outputs.isEmpty()) {
      Map<String, Object> sig = new LinkedHashMap<>();
      sig.put("inputs", inputs.isEmpty() ? null : schemaJson(inputs));
      sig.put("outputs", outputs.isEmpty() ? null : schemaJson(outputs));
      sig.put("params", null);
      m.put("signature", sig);
    }
    return m;
  }

  /** The MLmodel file's text. */
  public String toYaml() {
    try {
      return YAML.writeValueAsString(toDict());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write MLmodel for " + artifactPath + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code dir/MLmodel}; returns the file. */
  public Path writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE_NAME);
    Files.writeString(file, toYaml(), StandardCharsets.UTF_8);
    return file;
  }

  /** This model as one entry of the {@link Tags#LOGGED_MODELS} list (MLflow's get_tags_dict). */
  public String historyEntry() {
    try {
      return JSON.writeValueAsString(toDict());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@link Tags#LOGGED_MODELS} value of a run that logged exactly these models. */
  public static String history(List<MlflowModel> models) {
    try {
      return JSON.writeValueAsString(models.stream().map(MlflowModel::toDict).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String schemaJson(List<TensorSpec> specs) {
    try {
      return JSON.writeValueAsString(specs.stream().map(TensorSpec::toDict).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "MlflowModel{artifactPath=" + artifactPath + ", runId=" + runId + ", flavors=" + flavors.keySet()
        + ", uuid=" + modelUuid + "}";
  }
}
