package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.program.UpdateProgram;
import org.l2o.tracking.RunStatus;
import org.l2o.tracking.Tracker;
import org.l2o.tracking.TrackingSession;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;

/**
 * A trained optimizer logged to a real (embedded) tracking server is an MLflow Model there: its
 * MLmodel sits beside the weights, names files that exist, describes the SavedModel's actual
 * signature, and the run's model-history tag lists it.
 */
class OptimizerMlflowModelTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  @Test
  void loggedOptimizerIsAnMlflowModelMatchingItsSavedModel() throws Exception {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("variant", "dm");
    TrainedOptimizer opt = TrainedOptimizer.untrained(
        new LearnedOptimizerConfig(LearnedOptimizerConfig.DM, 2, 20, 5.0, 0.01), 3).withTraining(training);
    Path dir = tmp.resolve("out").resolve("optimizer");
    opt.save(dir);
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, tmp.resolve("mlruns"));
        TrackingSession session = TrackingSession.connect(server.uri(), "models")) {
      Tracker t = session.startRun("train dm", null, Map.of(), tmp.resolve("spool"));
      t.logArtifacts(dir, "optimizer");
      OptimizerMlflowModel.log(t, opt, dir, "optimizer");
      t.end(RunStatus.FINISHED);
      String run = t.runId();

      assertThat(Files.exists(dir.resolve("MLmodel"))).as("the task output stays free of run-specific files").isFalse();
      JsonNode mlmodel = YAML.readTree(get(server.uri(), "/get-artifact?run_uuid=" + run + "&path=optimizer/MLmodel"));
      assertThat(mlmodel.path("run_id").asText()).isEqualTo(run);
      assertThat(mlmodel.path("artifact_path").asText()).isEqualTo("optimizer");
      JsonNode tf = mlmodel.path("flavors").path("tensorflow");
      assertThat(dir.resolve(tf.path("saved_model_dir").asText()).resolve("saved_model.pb")).exists();
      JsonNode l2o = mlmodel.path("flavors").path("l2o");
      assertThat(dir.resolve(l2o.path("weights").asText())).exists();
      assertThat(dir.resolve(l2o.path("config").asText())).exists();
      assertThat(l2o.path("variant").asText()).isEqualTo("dm");
      assertThat(mlmodel.path("model_size_bytes").asLong()).isGreaterThan(Files.size(dir.resolve("weights.f32")));

      try (SavedModelBundle b = SavedModelBundle.load(dir.resolve("saved_model").toString(),
          tf.path("meta_graph_tags").get(0).asText())) {
        Signature sig = b.function(tf.path("signature_def_key").asText()).signature();
        assertSpecsMatch(JSON.readTree(mlmodel.path("signature").path("inputs").asText()), sig.getInputs());
        assertSpecsMatch(JSON.readTree(mlmodel.path("signature").path("outputs").asText()), sig.getOutputs());
      }

      JsonNode runJson = JSON.readTree(get(server.uri(), "/api/2.0/mlflow/runs/get?run_id=" + run));
      String history = null;
      for (JsonNode tag : runJson.path("run").path("data").path("tags")) {
        if (tag.path("key").asText().equals("mlflow.log-model.history")) {
          history = tag.path("value").asText();
        }
      }
      JsonNode models = JSON.readTree(history);
      assertThat(models).hasSize(1);
      assertThat(models.get(0).path("artifact_path").asText()).isEqualTo("optimizer");
      assertThat(models.get(0).path("model_uuid").asText()).isEqualTo(mlmodel.path("model_uuid").asText());
      assertThat(models.get(0).path("flavors").has("tensorflow")).isTrue();
    }
  }

  private static void assertSpecsMatch(JsonNode specs, Map<String, Signature.TensorDescription> actual) {
    assertThat(specs).extracting(s -> s.path("name").asText()).containsExactlyInAnyOrderElementsOf(actual.keySet());
    for (JsonNode s : specs) {
      Signature.TensorDescription d = actual.get(s.path("name").asText());
      assertThat(d.dataType.name()).isEqualTo("DT_FLOAT");
      assertThat(s.path("tensor-spec").path("dtype").asText()).isEqualTo("float32");
      List<Long> shape = JSON.convertValue(s.path("tensor-spec").path("shape"),
          JSON.getTypeFactory().constructCollectionType(List.class, Long.class));
      assertThat(shape).as(s.path("name").asText()).containsExactly(box(d.shape.asArray()));
    }
    assertThat(UpdateProgram.SIGNATURE_KEY).isEqualTo("serving_default");
  }

  private static Long[] box(long[] a) {
    Long[] out = new Long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private static String get(URI base, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }
}
