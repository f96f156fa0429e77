package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/** experiments/update, delete and restore, through the Java client, as MLflow's FileStore does them. */
class ExperimentLifecycleTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path store;
  private EmbeddedMlflowServer server;
  private MlflowClient client;

  @BeforeEach
  void start() {
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
    client = new MlflowClient(server.uri().toString());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void renameKeepsIdRunsAndArtifactsAndRefusesTakenNames() {
    String id = client.createExperiment("l2o");
    client.createExperiment("taken");
    String run = client.createRun(id).getRunId();
    long before = client.getExperiment(id).getLastUpdateTime();
    client.renameExperiment(id, "l2o-smoke");
    Experiment e = client.getExperiment(id);
    assertThat(e.getName()).isEqualTo("l2o-smoke");
    assertThat(e.getLastUpdateTime()).isGreaterThanOrEqualTo(before);
    assertThat(client.getExperimentByName("l2o")).isEmpty();
    assertThat(client.getRun(run).getInfo().getExperimentId()).isEqualTo(id);
    assertThatThrownBy(() -> client.renameExperiment(id, "taken"))
        .isInstanceOfSatisfying(MlflowHttpException.class, x -> assertThat(x.getBodyMessage())
            .contains("RESOURCE_ALREADY_EXISTS"));
    assertThat(RawHttp.post(server.uri(), "/ajax-api/2.0/mlflow/experiments/update",
        "{\"experiment_id\":\"" + id + "\",\"new_name\":\"\"}").status()).isEqualTo(200);
    assertThat(client.getExperiment(id).getName()).isEqualTo("l2o-smoke");
  }

  @Test
  void deleteMovesToTrashMarksRunsDeletedAndRestoreUndoesIt() throws Exception {
    String id = client.createExperiment("gone");
    String run = client.createRun(id).getRunId();
    String path = "/api/2.0/mlflow-artifacts/artifacts/" + id + "/" + run + "/artifacts/a.txt";
    RawHttp.send("PUT", server.uri(), path, "kept".getBytes(StandardCharsets.UTF_8));

    client.deleteExperiment(id);
    assertThat(Files.exists(store.resolve(id))).isFalse();
    Path trashed = store.resolve(".trash").resolve(id);
    assertThat(YAML.readTree(trashed.resolve("meta.yaml").toFile()).path("lifecycle_stage").asText())
        .isEqualTo("deleted");
    JsonNode runMeta = YAML.readTree(trashed.resolve(run).resolve("meta.yaml").toFile());
    assertThat(runMeta.path("lifecycle_stage").asText()).isEqualTo("deleted");
    assertThat(runMeta.path("deleted_time").isIntegralNumber()).isTrue(); // what `mlflow gc --older-than` reads
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
    assertThat(client.searchExperiments().getItems()).extracting(Experiment::getExperimentId).doesNotContain(id);
    assertThat(client.searchExperiments("", ViewType.DELETED_ONLY, 10, List.of()).getItems())
        .extracting(Experiment::getExperimentId).containsExactly(id);
    assertThat(client.getRun(run).getInfo().getLifecycleStage()).isEqualTo("deleted");
    assertThat(RawHttp.get(server.uri(), path).body()).isEqualTo("kept"); // artifacts move with the folder
    assertThatThrownBy(() -> client.createRun(id)).isInstanceOf(MlflowHttpException.class);
    assertThatThrownBy(() -> client.renameExperiment(id, "x")).hasMessageContaining("non-active");

    client.restoreExperiment(id);
    assertThat(Files.exists(trashed)).isFalse();
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");
    assertThat(client.getRun(run).getInfo().getLifecycleStage()).isEqualTo("active");
    assertThat(YAML.readTree(store.resolve(id).resolve(run).resolve("meta.yaml").toFile()).path("deleted_time")
        .isNull()).isTrue();
    client.logMetric(run, "m", 1.0);
    assertThat(client.getRun(run).getData().getMetricsCount()).isEqualTo(1);
  }

  /**
   * What `mlflow gc` asks of the server for a deleted run with mlflow-artifacts: URIs: one DELETE
   * of the run's artifact root through the proxy (then it removes the run folder itself).
   */
  @Test
  void gcsArtifactDeletionRemovesOnlyThatRunsArtifacts() throws Exception {
    String id = client.createExperiment("gc");
    String doomed = client.createRun(id).getRunId();
    String kept = client.createRun(id).getRunId();
    for (String run : List.of(doomed, kept)) {
      RawHttp.send("PUT", server.uri(), "/api/2.0/mlflow-artifacts/artifacts/" + id + "/" + run
          + "/artifacts/optimizer/weights.f32", new byte[] {1, 2, 3});
    }
    client.deleteRun(doomed);
    RawHttp.Response r = RawHttp.send("DELETE", server.uri(),
        "/api/2.0/mlflow-artifacts/artifacts/" + id + "/" + doomed + "/artifacts", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(store.resolve(id).resolve(doomed).resolve("artifacts")).doesNotExist();
    assertThat(store.resolve(id).resolve(doomed).resolve("meta.yaml")).exists();
    assertThat(store.resolve(id).resolve(kept).resolve("artifacts/optimizer/weights.f32")).exists();
  }

  @Test
  void defaultExperimentAndWrongStatesAreRefused() {
    assertThat(RawHttp.post(server.uri(), "/api/2.0/mlflow/experiments/delete", "{\"experiment_id\":\"0\"}")
        .json().path("message").asText()).contains("Cannot delete the default experiment");
    String id = client.createExperiment("e");
    RawHttp.Response restoreActive =
        RawHttp.post(server.uri(), "/api/2.0/mlflow/experiments/restore", "{\"experiment_id\":\"" + id + "\"}");
    assertThat(restoreActive.status()).isEqualTo(400);
    assertThat(restoreActive.json().path("message").asText()).contains("not deleted");
    assertThat(RawHttp.post(server.uri(), "/api/2.0/mlflow/experiments/delete", "{\"experiment_id\":\"99\"}")
        .status()).isEqualTo(404);
  }
}
