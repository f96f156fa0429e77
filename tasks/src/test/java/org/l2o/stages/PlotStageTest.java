package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.curves.LossCurves;
import org.l2o.data.DataFetcher;
import org.l2o.data.FetchRequest;
import org.l2o.data.SyntheticDatasets;
import org.l2o.params.ResolvedParams;
import org.l2o.tracking.Tracker;

/**
 * The plot stage as the runner calls it, on what evaluate and train-baseline tasks wrote in this
 * test: a tiny L2O-DM trained on the quadratic, and it, Adam and the untrained L2O-DM evaluated
 * there, all on top of a fetch of SYNTHETIC MNIST-like data (generated here, not MNIST). Checks the
 * files, the table's rows, the unverified-data flag and the reference column.
 */
class PlotStageTest {

  private static final String BANNER = "UNVERIFIED OR SYNTHETIC INPUT DATA";
  private static final List<String> OPTIMIZERS = List.of("adam", "dm-untrained", "dm");

  @TempDir static Path shared;

  /** The evaluate outputs, by optimizer. */
  private static final Map<String, Path> EVALUATIONS = new LinkedHashMap<>();
  private static Path trained;

  @TempDir Path tmp;

  private final StringWriter printed = new StringWriter();

  @BeforeAll
  static void trainAndEvaluate() throws IOException {
    if (org.slf4j.LoggerFactory.getLogger("org.l2o.data") instanceof Logger l) {
      l.setLevel(Level.ERROR);
    }
    Path mirror = shared.resolve("mirror");
    SyntheticDatasets.writeMnistLike(mirror, 100, 10, 5);
    Path data = shared.resolve("data");
    new DataFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
        new PrintStream(PrintStream.nullOutputStream())).fetch(new FetchRequest(List.of("mnist"),
            List.of(mirror.toUri()), false, false, shared.resolve("cache")), data);

    // Through the executor, as `l2o stage` runs them, so that each output has its provenance
    // (the report's stage times come from it).
    trained = execute("train-baseline", Map.of("variant", "dm", "train_problem", "quadratic",
        "meta_epochs", 2, "unroll", 5, "n_train", 10, "n_valid", 10, "valid_every", 1,
        "valid_episodes", 1), Map.of("data", List.of(data)), shared.resolve("train-dm"));
    for (String opt : OPTIMIZERS) {
      Map<String, List<Path>> in = new HashMap<>(Map.of("data", List.of(data)));
      if (opt.equals("dm")) {
        in.put("trained", List.of(trained));
      }
      EVALUATIONS.put(opt, execute("evaluate", Map.of("optimizer", opt, "problem", "quadratic",
          "eval_seeds", 2, "eval_steps", 20), in, shared.resolve("eval-" + opt)));
    }
  }

  private static Path execute(String stage, Map<String, Object> params,
      Map<String, List<Path>> inputs, Path out) {
    Map<String, Object> raw = new HashMap<>(params);
    raw.putAll(Map.of("device", "cpu", "threads", 1, "seed", 3, "batch_size", 16));
    return StageExecutor.execute(Stages.byName(stage), stage + " (test)",
        ResolvedParams.defaults().merge(raw, "test", true), inputs, out, Tracker.NOOP, Map.of(),
        new PrintWriter(new StringWriter()));
  }

  private Path plot(String name, String reference, List<Path> evaluations, List<Path> trainedDirs,
      TrainingStagesTest.RecordingTracker t) throws Exception {
    ResolvedParams p = ResolvedParams.defaults().merge(
        Map.of("profile", "test", "reference", reference), "test", true);
    Path out = tmp.resolve(name);
    Files.createDirectories(out);
    Stages.byName("plot").run(new StageContext("test plot", p,
        Map.of("evaluations", evaluations, "trained", trainedDirs), out, t, out,
        new PrintWriter(printed, true)));
    return out;
  }

  private static List<Map<String, String>> table(Path plotOut) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(plotOut.resolve("table.csv").toFile())) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  private static List<Map<String, String>> quadraticRows(Path plotOut) throws IOException {
    return table(plotOut).stream().filter(r -> r.get("problem").equals("quadratic")).toList();
  }

  /** ln of the mean final loss over the seeds: the table's headline number. */
  private static double lnMeanFinalLoss(LossCurves c) {
    double sum = 0;
    for (float[] seed : c.losses()) {
      sum += seed[c.steps() - 1];
    }
    return Math.log(sum / c.losses().length);
  }

  private static List<String> figureFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".png") || n.endsWith(".svg")).sorted().toList();
    }
  }

  /** Copies an evaluation's curves, claiming verified data, as a run on the official files would. */
  private Path asIfVerified(String optimizer) throws IOException {
    LossCurves c = LossCurves.read(EVALUATIONS.get(optimizer));
    Map<String, String> meta = new HashMap<>(c.meta());
    assertThat(meta.put("data_verified", "true")).isEqualTo("false");
    Path dir = tmp.resolve("verified-" + optimizer);
    new LossCurves(c.optimizer(), c.problem(), c.seeds(), c.steps(), c.losses(), meta).write(dir);
    return dir;
  }

  @Test
  void writesFiguresReportAndTableWithARowPerOptimizerEvaluated() throws Exception {
    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    Path out = plot("plot", "none", List.copyOf(EVALUATIONS.values()), List.of(trained), t);

    assertThat(out.resolve("report.md")).isRegularFile();
    assertThat(out.resolve("report.html")).isRegularFile();
    // dm is in Fig A2, Adam in Fig A3; the untrained L2O-DM is in neither.
    List<String> figures = figureFiles(out);
    assertThat(figures).contains("fig_a2.png", "fig_a2.svg", "fig_a2_quadratic.png",
        "fig_a2_quadratic.svg", "fig_a3.png", "fig_a3.svg", "fig_a3_quadratic.png",
        "fig_a3_quadratic.svg");
    for (String f : figures) {
      assertThat(Files.size(out.resolve(f))).as(f).isPositive();
    }

    List<Map<String, String>> rows = quadraticRows(out);
    assertThat(rows).extracting(r -> r.get("optimizer"))
        .containsExactlyInAnyOrderElementsOf(OPTIMIZERS);
    for (Map<String, String> r : rows) {
      LossCurves c = LossCurves.read(EVALUATIONS.get(r.get("optimizer")));
      assertThat(r).containsEntry("runs", "2").containsEntry("diverged", "0")
          .containsEntry("steps", "21").containsEntry("reference_ln_mean_loss", "");
      assertThat(Double.parseDouble(r.get("ln_mean_loss"))).as(r.get("optimizer"))
          .isCloseTo(lnMeanFinalLoss(c), within(1e-9));
    }
    assertThat(rows.get(0).get("ln_mean_loss")).as("the optimizers' numbers are their own")
        .isNotEqualTo(rows.get(1).get("ln_mean_loss"));

    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains(BANNER)
        .contains("| L2O-DM | 20 | 20 | N\\_train=10, N\\_valid=10, 2 episodes |")
        // wall and CPU time from each output's provenance (the CPU is this test JVM's so far)
        .containsPattern("\\| train-baseline \\| [0-9.]+ s \\| [0-9.]+ (s|min|h)[^|—]* \\|")
        .containsPattern("\\| evaluate \\| [0-9.]+ s \\| [0-9.]+ (s|min|h)[^|—]* \\|")
        .doesNotContain("| Reference |");
    assertThat(Files.readString(out.resolve("report.html"))).contains(BANNER)
        .contains("N_train=10, N_valid=10, 2 episodes");

    assertThat(t.artifacts).containsExactly(out.getFileName() + "/");
    assertThat(printed.toString()).containsPattern(
        "test plot: " + figures.size() + " figure files, report with \\d+ rows and 4 claims "
            + "\\(UNVERIFIED data\\)");
  }

  @Test
  void theUnverifiedBannerComesFromTheCurvesOrTheTrainingRun() throws Exception {
    List<Path> verified = List.of(asIfVerified("adam"), asIfVerified("dm-untrained"));

    Path clean = plot("verified", "none", verified, List.of(),
        new TrainingStagesTest.RecordingTracker());
    assertThat(Files.readString(clean.resolve("report.md"))).doesNotContain(BANNER);
    assertThat(Files.readString(clean.resolve("report.html"))).doesNotContain(BANNER);
    assertThat(printed.toString()).doesNotContain("UNVERIFIED");
    assertThat(quadraticRows(clean)).extracting(r -> r.get("optimizer"))
        .containsExactlyInAnyOrder("adam", "dm-untrained");

    Path withTraining = plot("verified-and-trained", "none", verified, List.of(trained),
        new TrainingStagesTest.RecordingTracker());
    assertThat(Files.readString(withTraining.resolve("report.md"))).as(
        "the training run read synthetic data").contains(BANNER);
    assertThat(printed.toString()).contains("(UNVERIFIED data)");
  }

  @Test
  void aReferenceRunAddsItsColumnAndAMissingOneIsBadInput() throws Exception {
    List<Path> evaluations = List.of(EVALUATIONS.get("adam"), EVALUATIONS.get("dm-untrained"));
    Path first = plot("first", "none", evaluations, List.of(),
        new TrainingStagesTest.RecordingTracker());
    printed.getBuffer().setLength(0);

    Path second = plot("second", first.toString(), evaluations, List.of(),
        new TrainingStagesTest.RecordingTracker());
    for (Map<String, String> r : quadraticRows(second)) {
      assertThat(r.get("reference_ln_mean_loss")).as("the same curves on both sides")
          .isNotEmpty().isEqualTo(r.get("ln_mean_loss"));
    }
    assertThat(Files.readString(second.resolve("report.md"))).contains("| Reference |");
    assertThat(printed.toString()).contains(", beside " + first);

    Path nowhere = tmp.resolve("nowhere");
    Path out = tmp.resolve("bad-reference");
    // An evaluation folder with no curves in it: the reference must be checked before the inputs
    // are read, so the error is about the reference and not about the curves.
    Path emptyEvaluation = Files.createDirectories(tmp.resolve("empty-evaluation"));
    Throwable e = catchThrowable(() -> StageExecutor.execute(Stages.byName("plot"), "test plot",
        ResolvedParams.defaults().merge(Map.of("reference", nowhere.toString()), "test", true),
        Map.of("evaluations", List.of(emptyEvaluation)), out, new TrainingStagesTest.RecordingTracker(),
        Map.of(), new PrintWriter(printed, true)));
    assertThat(e).isInstanceOf(StageException.class)
        .hasMessageContaining("param 'reference'").hasMessageContaining(nowhere.toString());
    assertThat(((StageException) e).exitCode()).as("bad input").isEqualTo(2);
    assertThat(out).doesNotExist();
  }
}
