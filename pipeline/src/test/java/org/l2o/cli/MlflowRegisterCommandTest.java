package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.tracking.MlflowModel;
import org.l2o.tracking.RunStatus;
import org.l2o.tracking.Tags;
import org.l2o.tracking.Tracker;
import org.l2o.tracking.TrackingSession;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.tracking.MlflowClient;
import picocli.CommandLine;

/**
 * {@code l2o mlflow register} against a pipeline run shaped like `l2o run` logs it: two trained
 * variants, their evaluations, an analytical baseline and a cache-hit rerun.
 */
class MlflowRegisterCommandTest {
  @TempDir Path tmp;
  private EmbeddedMlflowServer server;
  private TrackingSession session;
  private String parent;
  private String trainDm;
  private String trainDmCl;
  private String cachedDmCl;

  @BeforeEach
  void pipelineRun() throws IOException {
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, tmp.resolve("mlruns"));
    session = TrackingSession.connect(server.uri(), "l2o");
    Files.writeString(tmp.resolve("weights.f32"), "w");
    Tracker p = session.startRun("l2o-smoke", null, Map.of(), tmp);
    parent = p.runId();
    trainDm = train("dm", "train-baseline", 5.0);
    trainDmCl = train("dm-cl", "train-curriculum", 3.0);
    evaluate("dm", -2.0);
    evaluate("dm-cl", -1.0);
    evaluate("adam", -3.0); // not a trained optimizer: never chosen
    Tracker hit = session.startRun("dm-cl", parent, Map.of(Tags.STAGE, "train-curriculum", Tags.TASK, "dm-cl",
        Tags.CACHE, Tags.CACHE_HIT, Tags.CACHED_FROM_RUN, trainDmCl), tmp);
    hit.end(RunStatus.FINISHED);
    cachedDmCl = hit.runId();
    p.end(RunStatus.FINISHED);
  }

  @AfterEach
  void stop() {
    session.close();
    server.close();
  }

  private String train(String variant, String stage, double validScore) throws IOException {
    Tracker t = session.startRun(variant, parent, Map.of(Tags.STAGE, stage, Tags.TASK, variant), tmp);
    t.setTag(Tags.VARIANT, variant);
    t.logMetric("best_valid_score", validScore, 10);
    t.logArtifact(tmp.resolve("weights.f32"), "optimizer");
    MlflowModel m = MlflowModel.builder("optimizer").runId(t.runId()).flavor("l2o", Map.of()).build();
    t.logArtifact(m.writeTo(tmp.resolve("mlmodel-" + variant)), "optimizer");
    t.setTag(Tags.LOGGED_MODELS, MlflowModel.history(List.of(m)));
    t.end(RunStatus.FINISHED);
    return t.runId();
  }

  private void evaluate(String optimizer, double finalLogLoss) {
    Tracker t = session.startRun(optimizer + "/mlp-orig", parent, Map.of(Tags.STAGE, "evaluate"), tmp);
    t.setTag(Tags.VARIANT, optimizer);
    t.logMetric("final_log_loss/mlp-orig", finalLogLoss, 300);
    t.end(RunStatus.FINISHED);
  }

  private record Cli(int exit, String out, String err) {}

  private Cli l2o(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = L2o.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  private ModelVersion version(String name, String v) {
    try (MlflowClient c = new MlflowClient(server.uri().toString())) {
      return c.getModelVersion(name, v);
    }
  }

  @Test
  void pipelineRunRegistersTheVariantWithTheLowestFinalLogLoss() {
    Cli r = l2o("mlflow", "register", parent, "--name", "l2o-best", "--tracking-uri", server.uri().toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("registered models:/l2o-best/1").contains("dm from run " + trainDm)
        .contains("final_log_loss/mlp-orig").contains("-p trained=models:/l2o-best/1");
    ModelVersion v = version("l2o-best", "1");
    assertThat(v.getRunId()).isEqualTo(trainDm);
    assertThat(v.getSource()).endsWith(trainDm + "/artifacts/optimizer");
    Map<String, String> tags = new LinkedHashMap<>();
    v.getTagsList().forEach(t -> tags.put(t.getKey(), t.getValue()));
    assertThat(tags).containsEntry("l2o.variant", "dm").containsEntry("l2o.registered_from_run", parent);
    assertThat(tags.get("l2o.chosen_because")).contains("dm=-2.0000").contains("dm-cl=-1.0000").doesNotContain("adam");
  }

  @Test
  void withoutThatMetricTheTrainingValidationScoreDecides() {
    Cli r = l2o("mlflow", "register", parent, "--name", "m", "--metric", "final_log_loss/conv-cifar",
        "--tracking-uri", server.uri().toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(version("m", "1").getRunId()).isEqualTo(trainDmCl);
    assertThat(r.out()).contains("best_valid_score");
  }

  @Test
  void taskRunsAndCacheHitsRegisterTheirOwnModelAndVersionsCountUp() {
    assertThat(l2o("mlflow", "register", trainDm, "--name", "m", "--tracking-uri", server.uri().toString()).exit())
        .isZero();
    Cli hit = l2o("mlflow", "register", cachedDmCl, "--name", "m", "--tracking-uri", server.uri().toString());
    assertThat(hit.exit()).as(hit.err()).isZero();
    assertThat(hit.out()).contains("models:/m/2").contains("cache hit of run " + trainDmCl);
    assertThat(version("m", "1").getRunId()).isEqualTo(trainDm);
    assertThat(version("m", "2").getRunId()).isEqualTo(trainDmCl);
  }

  @Test
  void runsWithoutModelsAndMissingServersAreUsageErrors() {
    Tracker lonely = session.startRun("fetch", null, Map.of(Tags.STAGE, "fetch"), tmp);
    lonely.end(RunStatus.FINISHED);
    Cli r = l2o("mlflow", "register", lonely.runId(), "--name", "m", "--tracking-uri", server.uri().toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("logged no MLflow Model and has no child runs");
    if (System.getenv("MLFLOW_TRACKING_URI") == null) {
      Cli noServer = l2o("mlflow", "register", parent, "--name", "m");
      assertThat(noServer.exit()).isEqualTo(2);
      assertThat(noServer.err()).contains("MLFLOW_TRACKING_URI");
    }
  }
}
