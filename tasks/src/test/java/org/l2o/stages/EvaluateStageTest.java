package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.curves.CurveSummary;
import org.l2o.curves.LossCurves;
import org.l2o.data.DataFetcher;
import org.l2o.data.FetchRequest;
import org.l2o.data.QuietLogs;
import org.l2o.data.SyntheticDatasets;
import org.l2o.engine.MetricKeys;
import org.l2o.env.EnvironmentInfo;
import org.l2o.params.ResolvedParams;
import org.l2o.tracking.Tags;
import org.l2o.variants.Variant;

/**
 * The evaluate stage as the runner calls it, on small generated problems: the quadratic (which
 * reads no data) and MLP-orig on SYNTHETIC MNIST-like data made up here, not MNIST. Checks what it
 * writes, reports and prints, and that its curves depend on the seed and the optimizer only.
 */
class EvaluateStageTest {

  private static final int SEEDS = 2;
  private static final int STEPS = 20;
  private static final int SEED = 7;

  @TempDir Path tmp;

  private Path data;
  private final StringWriter printed = new StringWriter();

  @BeforeAll
  static void quietFetchLogs() {
    QuietLogs.data();
  }

  @BeforeEach
  void fetchSynthetic() throws IOException {
    Path mirror = tmp.resolve("mirror");
    SyntheticDatasets.writeMnistLike(mirror, 100, 50, 5);
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(mirror.toUri()), false, false,
        tmp.resolve("cache"));
    data = tmp.resolve("data");
    new DataFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
        new PrintStream(PrintStream.nullOutputStream())).fetch(r, data);
  }

  private StageContext context(String name, Map<String, Object> extra,
      Map<String, List<Path>> inputs, TrainingStagesTest.RecordingTracker t) throws IOException {
    Map<String, Object> raw = new HashMap<>(Map.of(
        "problem", "quadratic",
        "eval_seeds", SEEDS,
        "eval_steps", STEPS,
        "seed", SEED,
        "batch_size", 16,
        "threads", 1,
        "device", "cpu"));
    raw.putAll(extra);
    ResolvedParams p = ResolvedParams.defaults().merge(raw, "test", true);
    Path out = tmp.resolve("out-" + name);
    Files.createDirectories(out);
    return new StageContext("test " + name, p, inputs, out, t, out, new PrintWriter(printed, true));
  }

  /** Runs one evaluation on the synthetic data and returns its curves. */
  private LossCurves evaluate(String name, Map<String, Object> params,
      TrainingStagesTest.RecordingTracker t) throws Exception {
    StageContext ctx = context(name, params, Map.of("data", List.of(data)), t);
    Stages.byName("evaluate").run(ctx);
    return LossCurves.read(ctx.out());
  }

  @Test
  void writesCurvesSummaryAndMeanCsvAndReportsThem() throws Exception {
    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    LossCurves curves = evaluate("adam", Map.of("optimizer", "adam"), t);
    Path out = tmp.resolve("out-adam");

    assertThat(curves.optimizer()).isEqualTo("adam");
    assertThat(curves.problem()).isEqualTo("quadratic");
    assertThat(curves.seeds()).containsExactly(EvaluateStage.seeds(SEED, SEEDS));
    assertThat(curves.steps()).as("the loss at initialisation, then one per step").isEqualTo(STEPS + 1);
    assertThat(curves.losses()).hasDimensions(SEEDS, STEPS + 1);
    for (float[] c : curves.losses()) {
      for (float v : c) {
        assertThat(Float.isFinite(v) && v > 0).as("loss %s is finite and positive", v).isTrue();
      }
    }
    // The quadratic reads no data, but the run still carries the fetch's verification state.
    assertThat(curves.meta())
        .containsEntry("data_verified", "false")
        .containsEntry("dataset", "generated")
        .containsEntry("split", "generated")
        .containsEntry("origin", Variant.ORIGIN_ANALYTICAL);
    assertThat(curves.meta().get("optimizer_spec")).contains("adam");

    CurveSummary summary = CurveSummary.readJson(out.resolve(EvaluateStage.SUMMARY_FILE));
    CurveSummary fromCurves = CurveSummary.of(curves);
    assertThat(summary.seeds()).isEqualTo(SEEDS);
    assertThat(summary.steps()).isEqualTo(STEPS + 1);
    assertThat(summary.diverged()).isZero();
    assertThat(summary.finalLogLossMean()).isFinite().isEqualTo(fromCurves.finalLogLossMean());
    assertThat(summary.finalLogLossStd()).isEqualTo(fromCurves.finalLogLossStd());
    assertThat(summary.logLossMeanPerStep()[STEPS])
        .as("Adam lowers the quadratic's loss in %d steps", STEPS)
        .isLessThan(summary.logLossMeanPerStep()[0]);

    List<String> mean = Files.readAllLines(out.resolve(EvaluateStage.MEAN_CSV));
    assertThat(mean).hasSize(STEPS + 2);
    assertThat(mean.get(0)).isEqualTo("step,ln_loss_mean,ln_loss_std,live_seeds");
    for (int i = 0; i <= STEPS; i++) {
      String[] f = mean.get(i + 1).split(",");
      assertThat(f).hasSize(4);
      assertThat(Integer.parseInt(f[0])).isEqualTo(i);
      assertThat(Double.parseDouble(f[1])).isEqualTo(fromCurves.logLossMeanPerStep()[i]);
      assertThat(Double.parseDouble(f[2])).isEqualTo(fromCurves.logLossStdPerStep()[i]);
      assertThat(f[3]).isEqualTo(String.valueOf(SEEDS));
    }

    assertThat(t.tags)
        .containsEntry(Tags.VARIANT, "adam")
        .containsEntry(Tags.ORIGIN, Variant.ORIGIN_ANALYTICAL)
        .containsEntry(Tags.PROBLEM, "quadratic")
        .containsKey(EnvironmentInfo.tagKey(EnvironmentInfo.DEVICE));
    assertThat(t.metrics.stream().filter(MetricKeys.EVAL_LN_LOSS_MEAN::equals))
        .as("one mean per recorded step").hasSize(STEPS + 1);
    assertThat(t.metrics.stream().filter(MetricKeys.EVAL_LN_LOSS_STD::equals)).hasSize(STEPS + 1);
    assertThat(t.metrics).contains(MetricKeys.finalLogLoss("quadratic"),
        MetricKeys.finalLogLossStd("quadratic"), MetricKeys.divergedRuns("quadratic"));
    assertThat(t.artifacts).contains(EvaluateStage.SUMMARY_FILE, EvaluateStage.MEAN_CSV,
        LossCurves.HEADER_FILE, LossCurves.DATA_FILE);

    assertThat(printed.toString()).contains("test adam: device: CPU").contains(String.format(
        "test adam: final ln-loss %.4f ± %.4f over %d seeds, 0 diverged",
        summary.finalLogLossMean(), summary.finalLogLossStd(), SEEDS));
  }

  @Test
  void curvesDependOnTheSeedAndTheOptimizerOnly() throws Exception {
    LossCurves adam = evaluate("adam", Map.of("optimizer", "adam"),
        new TrainingStagesTest.RecordingTracker());
    LossCurves again = evaluate("adam-again", Map.of("optimizer", "adam"),
        new TrainingStagesTest.RecordingTracker());
    assertThat(again.losses()).as("same params, same curves, bit for bit").isEqualTo(adam.losses());

    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    LossCurves untrained = evaluate("untrained", Map.of("optimizer", "dm-untrained"), t);
    assertThat(t.tags).containsEntry(Tags.ORIGIN, Variant.ORIGIN_L2O);
    assertThat(untrained.meta().get("optimizer_spec")).contains("untrained, init seed " + SEED);
    assertThat(untrained.seeds()).isEqualTo(adam.seeds());
    for (int s = 0; s < SEEDS; s++) {
      assertThat(untrained.losses()[s][0])
          .as("seed %d: every optimizer starts from the same initialisation", s)
          .isEqualTo(adam.losses()[s][0]);
      assertThat(untrained.losses()[s][STEPS]).as("seed %d: but moves otherwise", s)
          .isNotEqualTo(adam.losses()[s][STEPS]);
    }

    LossCurves otherSeed = evaluate("adam-seed8", Map.of("optimizer", "adam", "seed", SEED + 1),
        new TrainingStagesTest.RecordingTracker());
    assertThat(otherSeed.seeds()).containsExactly(EvaluateStage.seeds(SEED + 1, SEEDS))
        .doesNotContain(adam.seeds());
    assertThat(otherSeed.losses()[0][0]).as("another base seed, another initialisation")
        .isNotEqualTo(adam.losses()[0][0]);
  }

  @Test
  void anMlpTrainsOnTheTestSplitOfTheFetchedData() throws Exception {
    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    LossCurves curves = evaluate("mlp", Map.of("optimizer", "sgd", "problem", "mlp-orig",
        "eval_steps", 10), t);

    assertThat(curves.problem()).isEqualTo("mlp-orig");
    assertThat(curves.losses()).hasDimensions(SEEDS, 11);
    for (float[] c : curves.losses()) {
      for (float v : c) {
        assertThat(Float.isFinite(v) && v > 0).as("loss %s is finite and positive", v).isTrue();
      }
    }
    assertThat(curves.meta())
        .containsEntry("dataset", "mnist")
        .containsEntry("split", "mnist/test")
        .containsEntry("data_verified", "false");
    // A freshly initialised 10-class MLP starts near ln 10 on the cross-entropy.
    assertThat(CurveSummary.of(curves).logLossMeanPerStep()[0])
        .isBetween(Math.log(Math.log(10)) - 0.5, Math.log(Math.log(10)) + 0.5);
    assertThat(t.tags).containsEntry(Tags.PROBLEM, "mlp-orig");
    assertThat(t.metrics).contains(MetricKeys.finalLogLoss("mlp-orig"));
  }

  @Test
  void aMissingInputIsAUsageErrorNamingTheRole() throws Exception {
    StageContext noTrained = context("dm", Map.of("optimizer", "dm"),
        Map.of("data", List.of(data)), new TrainingStagesTest.RecordingTracker());
    assertThatThrownBy(() -> Stages.byName("evaluate").run(noTrained))
        .isInstanceOf(StageException.class)
        .hasMessageContaining("--input trained=<dir>, got 0")
        .satisfies(e -> assertThat(((StageException) e).exitCode()).isEqualTo(2));

    StageContext noData = context("no-data", Map.of("optimizer", "adam"), Map.of(),
        new TrainingStagesTest.RecordingTracker());
    assertThatThrownBy(() -> Stages.byName("evaluate").run(noData))
        .isInstanceOf(StageException.class)
        .hasMessageContaining("--input data=<dir>, got 0")
        .satisfies(e -> assertThat(((StageException) e).exitCode()).isEqualTo(2));
    assertThat(noData.out()).isEmptyDirectory();
  }
}
