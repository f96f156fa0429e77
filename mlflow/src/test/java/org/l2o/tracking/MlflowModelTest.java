package org.l2o.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.tracking.MlflowModel.TensorSpec;

class MlflowModelTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static MlflowModel model(String runId) {
    return MlflowModel.builder("optimizer").runId(runId)
        .flavor("tensorflow", Map.of("saved_model_dir", "saved_model", "meta_graph_tags", List.of("serve")))
        .flavor("l2o", Map.of("weights", "weights.f32"))
        .input(new TensorSpec("gradient", "float32", List.of(-1L)))
        .input(new TensorSpec("step", "float32", List.of()))
        .output(new TensorSpec("update", "float32", List.of(-1L)))
        .modelSizeBytes(1234)
        .modelUuid("0123456789abcdef0123456789abcdef")
        .utcTimeCreated(LocalDateTime.of(2025, 3, 4, 5, 6, 7, 8_000))
        .build();
  }

  @Test
  void mlmodelFileHasMlflowsKeysAndSignatureFormat() throws Exception {
    Path file = model("abc").writeTo(dir);
    assertThat(file.getFileName().toString()).isEqualTo("MLmodel");
    JsonNode m = YAML.readTree(Files.readString(file));
    List<String> keys = new ArrayList<>();
    m.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("artifact_path", "flavors", "mlflow_version", "model_size_bytes", "model_uuid",
        "run_id", "signature", "utc_time_created");
    assertThat(m.path("artifact_path").asText()).isEqualTo("optimizer");
    assertThat(m.path("run_id").asText()).isEqualTo("abc");
    assertThat(m.path("mlflow_version").asText()).isEqualTo("2.17.2");
    assertThat(m.path("utc_time_created").asText()).isEqualTo("2025-03-04 05:06:07.000008");
    assertThat(m.path("model_size_bytes").asLong()).isEqualTo(1234);
    assertThat(m.path("flavors").path("tensorflow").path("meta_graph_tags").get(0).asText()).isEqualTo("serve");
    assertThat(m.path("flavors").path("l2o").path("weights").asText()).isEqualTo("weights.f32");
    // MLflow keeps the schemas as JSON strings inside the YAML.
    JsonNode inputs = JSON.readTree(m.path("signature").path("inputs").asText());
    assertThat(inputs.get(0).path("name").asText()).isEqualTo("gradient");
    assertThat(inputs.get(0).path("type").asText()).isEqualTo("tensor");
    assertThat(inputs.get(0).path("tensor-spec").path("dtype").asText()).isEqualTo("float32");
    assertThat(inputs.get(0).path("tensor-spec").path("shape").toString()).isEqualTo("[-1]");
    assertThat(inputs.get(1).path("tensor-spec").path("shape").toString()).isEqualTo("[]");
    assertThat(JSON.readTree(m.path("signature").path("outputs").asText()).get(0).path("name").asText())
        .isEqualTo("update");
    assertThat(Files.readAllLines(file)).as("each schema on one line, flavor keys sorted")
        .anySatisfy(l -> assertThat(l).startsWith("  inputs: ").contains("gradient").contains("step"));
    String text = Files.readString(file);
    assertThat(text.indexOf("meta_graph_tags")).isLessThan(text.indexOf("saved_model_dir"));
    assertThat(m.path("signature").has("params")).isTrue();
    assertThat(m.path("signature").path("params").isNull()).isTrue();
  }

  @Test
  void historyIsAJsonListOfTheSameDicts() throws Exception {
    JsonNode history = JSON.readTree(MlflowModel.history(List.of(model("abc"), model("abc"))));
    assertThat(history.isArray()).isTrue();
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("artifact_path").asText()).isEqualTo("optimizer");
    assertThat(history.get(0).path("flavors").has("tensorflow")).isTrue();
    assertThat(history.get(0).path("signature").path("inputs").isTextual()).isTrue();
    assertThat(JSON.readTree(model("abc").historyEntry())).isEqualTo(history.get(0));
  }

  @Test
  void withoutARunTheRunIdIsLeftOutAndAFlavorIsRequired() throws Exception {
    assertThat(YAML.readTree(model(null).toYaml()).has("run_id")).isFalse();
    assertThatThrownBy(() -> MlflowModel.builder("m").build()).hasMessageContaining("flavor");
    assertThatThrownBy(() -> MlflowModel.builder(" ")).hasMessageContaining("artifact path");
    assertThat(MlflowModel.builder("m").flavor("x", Map.of()).build().modelUuid()).matches("[0-9a-f]{32}");
  }
}
