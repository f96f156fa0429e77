package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.tracking.ModelRegistry;
import org.l2o.tracking.RunStatus;
import org.l2o.tracking.Tracker;
import org.l2o.tracking.TrackingCredentials;
import org.l2o.tracking.TrackingOptions;
import org.l2o.tracking.TrackingSession;
import org.l2o.tracking.server.EmbeddedMlflowServer;

/** Param {@code trained}: a registered optimizer comes back from the registry bit for bit. */
class RegisteredOptimizerTest {
  @TempDir Path tmp;

  @Test
  void registeredOptimizerIsFetchedWithItsExactWeights() throws Exception {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("variant", "dm-cl-il");
    TrainedOptimizer opt = TrainedOptimizer.untrained(
        new LearnedOptimizerConfig(LearnedOptimizerConfig.DM, 1, 8, 5.0, 0.01), 42).withTraining(training);
    Path dir = tmp.resolve("optimizer");
    opt.save(dir);
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, tmp.resolve("mlruns"));
        TrackingSession session = TrackingSession.connect(server.uri(), "l2o")) {
      Tracker t = session.startRun("train dm-cl-il", null, Map.of(), tmp.resolve("spool"));
      t.logArtifacts(dir, "optimizer");
      OptimizerMlflowModel.log(t, opt, dir, "optimizer");
      t.end(RunStatus.FINISHED);
      ModelRegistry registry = ModelRegistry.connect(server.uri(), TrackingCredentials.none(), TrackingOptions.defaults());
      registry.register("l2o-dm-cl-il", registry.run(t.runId()), "optimizer", Map.of(), null);

      Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.uri().toString());
      Map<String, String> meta = new LinkedHashMap<>();
      TrainedOptimizer got = RegisteredOptimizer.fetch("models:/l2o-dm-cl-il/1", env, meta);
      assertThat(got.config()).isEqualTo(opt.config());
      float[] a = opt.weights();
      float[] b = got.weights();
      assertThat(b).hasSameSizeAs(a);
      for (int i = 0; i < a.length; i++) {
        assertThat(Float.floatToRawIntBits(b[i])).isEqualTo(Float.floatToRawIntBits(a[i]));
      }
      assertThat(got.training()).containsEntry("variant", "dm-cl-il");
      assertThat(meta).containsEntry("trained_model", "models:/l2o-dm-cl-il/1")
          .containsEntry("trained_run_id", t.runId());
      assertThat(meta.get("trained_model_source")).endsWith(t.runId() + "/artifacts/optimizer");

      assertThatThrownBy(() -> RegisteredOptimizer.fetch("models:/l2o-dm-cl-il/7", env, new LinkedHashMap<>()))
          .isInstanceOfSatisfying(StageException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
          .hasMessageContaining("is not registered");
    }
  }

  @Test
  void withoutATrackingServerTheParamIsExplained() {
    assertThatThrownBy(() -> RegisteredOptimizer.fetch("models:/m/1", Map.of(), new LinkedHashMap<>()))
        .isInstanceOfSatisfying(StageException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("param 'trained' = models:/m/1").hasMessageContaining("MLFLOW_TRACKING_URI");
  }
}
