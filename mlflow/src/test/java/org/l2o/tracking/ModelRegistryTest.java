package org.l2o.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import org.mlflow.tracking.MlflowClient;

/** Registering a run's logged model and getting its files back, against the embedded server. */
class ModelRegistryTest {
  @TempDir Path tmp;
  private EmbeddedMlflowServer server;
  private TrackingSession session;
  private ModelRegistry registry;
  private Path modelDir;

  @BeforeEach
  void start() throws Exception {
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, tmp.resolve("mlruns"));
    session = TrackingSession.connect(server.uri(), "registry");
    registry = ModelRegistry.connect(server.uri(), TrackingCredentials.none(), TrackingOptions.defaults());
    modelDir = tmp.resolve("optimizer");
    byte[] weights = new byte[300_000];
    new Random(5).nextBytes(weights);
    Files.createDirectories(modelDir.resolve("saved_model/variables"));
    Files.write(modelDir.resolve("weights.f32"), weights);
    Files.writeString(modelDir.resolve("config.json"), "{\"format\":\"l2o-learned-optimizer\"}");
    Files.writeString(modelDir.resolve("saved_model/saved_model.pb"), "pb");
    Files.writeString(modelDir.resolve("saved_model/variables/variables.index"), "idx");
  }

  @AfterEach
  void stop() {
    session.close();
    server.close();
  }

  private String runWithModel(String parentId) {
    Tracker t = session.startRun("train dm", parentId, Map.of(Tags.STAGE, "train-baseline"), tmp.resolve("spool"));
    t.logArtifacts(modelDir, "optimizer");
    MlflowModel m = MlflowModel.builder("optimizer").runId(t.runId()).flavor("l2o", Map.of("weights", "weights.f32"))
        .build();
    Path staging = tmp.resolve("staging-" + t.runId());
    try {
      t.logArtifact(m.writeTo(staging), "optimizer");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    t.setTag(Tags.LOGGED_MODELS, MlflowModel.history(List.of(m)));
    t.end(RunStatus.FINISHED);
    return t.runId();
  }

  @Test
  void registersALoggedModelAndDownloadsItsFilesByteForByte() throws Exception {
    String runId = runWithModel(null);
    ModelRegistry.TrackedRun run = registry.run(runId);
    assertThat(run.loggedModelPaths()).containsExactly("optimizer");

    ModelRegistry.VersionRef v1 = registry.register("l2o-dm", run, "optimizer", Map.of("l2o.variant", "dm"), "first");
    assertThat(v1.uri()).isEqualTo("models:/l2o-dm/1");
    assertThat(v1.runId()).isEqualTo(runId);
    assertThat(v1.downloadUri()).isEqualTo(run.artifactUri() + "/optimizer");
    assertThat(registry.register("l2o-dm", run, "optimizer", Map.of(), null).version()).isEqualTo("2");

    try (MlflowClient client = new MlflowClient(server.uri().toString())) {
      assertThat(client.getModelVersion("l2o-dm", "1").getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue())
          .containsExactly("l2o.variant=dm");
      assertThat(client.getModelVersion("l2o-dm", "1").getDescription()).isEqualTo("first");
    }

    ModelRegistry.VersionRef resolved = registry.resolve("models:/l2o-dm/1");
    assertThat(resolved).isEqualTo(v1);
    Path got = registry.download(resolved, tmp.resolve("downloaded"));
    for (String f : List.of("weights.f32", "config.json", "saved_model/saved_model.pb",
        "saved_model/variables/variables.index")) {
      assertThat(Files.readAllBytes(got.resolve(f))).as(f).isEqualTo(Files.readAllBytes(modelDir.resolve(f)));
    }
    assertThat(Files.readString(got.resolve("MLmodel"))).contains("artifact_path: optimizer");
    try (var files = Files.walk(got)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(5);
    }
  }

  @Test
  void aliasesResolveAndBadUrisAreExplained() {
    ModelRegistry.TrackedRun run = registry.run(runWithModel(null));
    registry.register("m", run, "optimizer", Map.of(), null);
    registry.register("m", run, "optimizer", Map.of(), null);
    RestApi api = new RestApi(server.uri(), TrackingCredentials.none(), TrackingOptions.defaults());
    api.post("registered-models/alias", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
        .put("name", "m").put("alias", "champion").put("version", "1"));
    assertThat(registry.resolve("models:/m@champion").version()).isEqualTo("1");
    assertThatThrownBy(() -> registry.resolve("models:/m/9")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not registered");
    assertThatThrownBy(() -> registry.resolve("runs:/abc/optimizer")).hasMessageContaining("models:/<name>/<version>");
    assertThatThrownBy(() -> registry.run("ffffffffffffffffffffffffffffffff")).hasMessageContaining("no run");
  }

  @Test
  void childrenAreFoundAndARunWithoutModelCannotBeRegistered() {
    Tracker parent = session.startRun("pipeline", null, Map.of(), tmp.resolve("spool"));
    String a = runWithModel(parent.runId());
    Tracker b = session.startRun("evaluate", parent.runId(), Map.of(Tags.STAGE, "evaluate"), tmp.resolve("spool"));
    b.logMetric("final_log_loss/mlp-orig", -1.5, 10);
    b.end(RunStatus.FINISHED);
    parent.end(RunStatus.FINISHED);
    ModelRegistry.TrackedRun p = registry.run(parent.runId());
    List<ModelRegistry.TrackedRun> children = registry.childRuns(p);
    assertThat(children).extracting(ModelRegistry.TrackedRun::runId).containsExactlyInAnyOrder(a, b.runId());
    assertThat(children.stream().filter(c -> c.runId().equals(b.runId())).findFirst().orElseThrow().metrics())
        .containsEntry("final_log_loss/mlp-orig", -1.5);
    assertThatThrownBy(() -> registry.register("m", p, "optimizer", Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logged no MLflow Model");
  }

  @Test
  void missingOrUnreachableServerIsNamed() {
    assertThatThrownBy(() -> ModelRegistry.fromEnvironment(Map.of(), "param 'trained' = models:/m/1"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("MLFLOW_TRACKING_URI")
        .hasMessageContaining("param 'trained'");
    ModelRegistry dead = ModelRegistry.connect(URI.create("http://127.0.0.1:9"), TrackingCredentials.none(),
        TrackingOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    assertThatThrownBy(() -> dead.resolve("models:/m/1")).isInstanceOf(TrackingUnavailableException.class)
        .hasMessageContaining("cannot reach");
  }
}
