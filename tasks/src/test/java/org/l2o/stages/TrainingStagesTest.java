package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.data.DataFetcher;
import org.l2o.data.FetchRequest;
import org.l2o.data.QuietLogs;
import org.l2o.data.SyntheticDatasets;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.curriculum.CurriculumHistory;
import org.l2o.params.ResolvedParams;
import org.l2o.tracking.RunStatus;
import org.l2o.env.EnvironmentInfo;
import org.l2o.engine.MetricKeys;
import org.l2o.tracking.Tags;
import org.l2o.tracking.Tracker;

/**
 * The curriculum and imitation stages as the runner calls them, on the quadratic (the fetch
 * input is SYNTHETIC MNIST-like data; the quadratic needs none of it): params in, optimizer,
 * training.json and history.json out, metrics to the tracker.
 */
class TrainingStagesTest {

  @TempDir Path tmp;

  @BeforeAll
  static void quietFetchLogs() {
    QuietLogs.data();
  }

  /** What the stages print, through the context's writer rather than System.err. */
  private final java.io.StringWriter printed = new java.io.StringWriter();

  /**
   * Keeps metric keys and artifact names, and refuses a metric or tag key that {@link MetricKeys}
   * or {@link Tags} (or, for the environment's, {@link EnvironmentInfo}) does not declare.
   */
  static final class RecordingTracker implements Tracker {
    final List<String> metrics = new ArrayList<>();
    final List<String> artifacts = new ArrayList<>();
    final Map<String, String> tags = new HashMap<>();
    RunStatus ended;

    @Override
    public String runId() {
      return "test";
    }

    @Override
    public void logParam(String key, String value) {}

    @Override
    public void logMetric(String key, double value, long step) {
      assertThat(MetricKeys.isDeclared(key)).as("metric key '%s' is declared in MetricKeys", key).isTrue();
      metrics.add(key);
    }

    @Override
    public void setTag(String key, String value) {
      assertThat(Tags.isDeclared(key) || key.startsWith(EnvironmentInfo.TAG_PREFIX))
          .as("tag key '%s' is declared in Tags", key).isTrue();
      tags.put(key, value);
    }

    @Override
    public void logArtifact(Path file, String artifactDir) {
      artifacts.add(file.getFileName().toString());
    }

    @Override
    public void logArtifacts(Path dir, String artifactDir) {
      artifacts.add(dir.getFileName().toString() + "/");
    }

    @Override
    public void flush() {}

    @Override
    public void end(RunStatus status) {
      ended = status;
    }
  }

  private Path fetchSynthetic() throws IOException {
    Path mirror = tmp.resolve("mirror");
    SyntheticDatasets.writeMnistLike(mirror, 100, 10, 5);
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(mirror.toUri()), false, false,
        tmp.resolve("cache"));
    new DataFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
        new PrintStream(PrintStream.nullOutputStream())).fetch(r, tmp.resolve("data"));
    return tmp.resolve("data");
  }

  private StageContext context(String variant, Map<String, Object> extra, RecordingTracker t)
      throws IOException {
    Map<String, Object> raw = new HashMap<>(Map.of(
        "variant", variant,
        "train_problem", "quadratic",
        "meta_epochs", 12,
        "unroll", 10,
        "valid_every", 2,
        "valid_episodes", 2,
        "device", "cpu"));
    raw.putAll(extra);
    ResolvedParams p = ResolvedParams.defaults().merge(raw, "test", true);
    Path out = tmp.resolve("out-" + variant);
    Files.createDirectories(out);
    return new StageContext("test " + variant, p, Map.of("data", List.of(fetchSynthetic())), out,
        t, out, new java.io.PrintWriter(printed, true));
  }

  @Test
  void curriculumStageWritesOptimizerTrainingAndHistory() throws Exception {
    RecordingTracker t = new RecordingTracker();
    StageContext ctx = context("dm-cl",
        Map.of("cl_schedule", List.of(10, 20, 30), "cl_min_validations", 1), t);

    Stages.byName("train-curriculum").run(ctx);

    TrainedOptimizer opt = TrainedOptimizer.load(ctx.out().resolve("optimizer"));
    assertThat(opt.training()).containsEntry("variant", "dm-cl");
    CurriculumHistory h = CurriculumHistory.readJson(ctx.out().resolve("history.json"));
    assertThat(h.schedule().nTrain()).containsExactly(10, 20, 30);
    assertThat(h.outcome()).isNotNull();
    Map<?, ?> training = new ObjectMapper().readValue(
        ctx.out().resolve("training.json").toFile(), Map.class);
    assertThat(((Number) training.get("train_steps")).longValue()).isEqualTo(h.trainSteps());
    assertThat(((Number) training.get("valid_steps")).longValue()).isEqualTo(h.validSteps());
    assertThat(training.get("n_train")).isEqualTo(
        h.stages().stream().map(s -> s.nTrain()).toList());
    assertThat(training.get("cl_schedule")).isEqualTo(List.of(10, 20, 30));
    assertThat(t.metrics).contains("meta_loss", "valid_score", "curriculum_stage", "train_steps");
    assertThat(t.artifacts).contains("optimizer/", "training.json", "history.json", "MLmodel");
    assertThat(t.tags).containsKey("mlflow.log-model.history");
    assertThat(ctx.out().resolve("optimizer").resolve("MLmodel")).doesNotExist();
    assertThat(printed.toString()).contains("test dm-cl: device: CPU")
        .contains("test dm-cl: 12 episodes (0 imitating)");
  }

  @Test
  void imitationStageRunsFixedAndCurriculumVariants() throws Exception {
    RecordingTracker t = new RecordingTracker();
    StageContext il = context("dm-il", Map.of("n_train", 10, "n_valid", 10, "il_ratio", 1.0,
        "il_teachers", List.of("adam:0.01", "sgd:0.01")), t);
    Stages.byName("train-imitation").run(il);
    Map<?, ?> training = new ObjectMapper().readValue(
        il.out().resolve("training.json").toFile(), Map.class);
    assertThat(training.get("imitation_episodes")).isEqualTo(12);
    assertThat(training.get("n_train")).isEqualTo(10);
    assertThat(training.get("il_teachers")).isEqualTo(List.of("adam:0.01", "sgd:0.01"));
    assertThat(t.metrics).contains("imitation_loss").doesNotContain("meta_loss");

    RecordingTracker t2 = new RecordingTracker();
    StageContext clIl = context("rnnprop-cl-il", Map.of("cl_schedule", List.of(10, 20),
        "cl_min_validations", 1, "il_ratio_schedule", List.of(0.5)), t2);
    Stages.byName("train-imitation").run(clIl);
    CurriculumHistory h = CurriculumHistory.readJson(clIl.out().resolve("history.json"));
    assertThat(h.stages()).allSatisfy(s -> assertThat(s.imitationRatio()).isEqualTo(0.5));
    assertThat(TrainedOptimizer.load(clIl.out().resolve("optimizer")).config().architecture())
        .isEqualTo("rnnprop");
  }

  @Test
  void scaleVariantsTrainWithTheirOwnParamsAndRecipe() throws Exception {
    RecordingTracker t = new RecordingTracker();
    StageContext base = context("scale", Map.of("scale_meta_epochs", 3, "scale_n_train", 10,
        "scale_n_valid", 10, "scale_valid_episodes", 2, "scale_meta_lr", 1e-3), t);
    Stages.byName("train-baseline").run(base);
    TrainedOptimizer opt = TrainedOptimizer.load(base.out().resolve("optimizer"));
    assertThat(opt.config().architecture()).isEqualTo("scale");
    assertThat(opt.weights()).hasSize(8349);
    Map<?, ?> training = new ObjectMapper().readValue(
        base.out().resolve("training.json").toFile(), Map.class);
    // scale_* params, not the L2O-DM ones the context also sets (meta_epochs 12, valid_every 2).
    assertThat(training.get("episodes_run")).isEqualTo(3);
    assertThat(opt.training())
        .containsEntry("valid_every", 1)
        .containsEntry("meta_lr", 1e-3)
        .containsEntry("meta_optimizer", "rmsprop")
        .containsEntry("carry_state", true);

    RecordingTracker t2 = new RecordingTracker();
    StageContext clIl = context("scale-cl-il", Map.of("scale_meta_epochs", 4,
        "scale_cl_schedule", List.of(10, 20), "cl_min_validations", 1, "scale_il_ratio", 0.5,
        "scale_valid_episodes", 2), t2);
    Stages.byName("train-imitation").run(clIl);
    assertThat(TrainedOptimizer.load(clIl.out().resolve("optimizer")).training())
        .containsEntry("il_teachers", List.of("adam:0.01"))
        .containsEntry("il_weight", 0.05)
        .containsEntry("meta_lr", 1e-6);
    CurriculumHistory h = CurriculumHistory.readJson(clIl.out().resolve("history.json"));
    assertThat(h.schedule().nTrain()).containsExactly(10, 20);
    assertThat(h.stages()).allSatisfy(s -> assertThat(s.imitationRatio()).isEqualTo(0.5));
  }

  @Test
  void aBaselineVariantIsAUsageError() throws Exception {
    StageContext ctx = context("dm", Map.of(), new RecordingTracker());
    assertThatThrownBy(() -> Stages.byName("train-curriculum").run(ctx))
        .isInstanceOf(StageException.class)
        .hasMessageContaining("'dm' is not a curriculum variant")
        .satisfies(e -> assertThat(((StageException) e).exitCode()).isEqualTo(2));
  }
}
