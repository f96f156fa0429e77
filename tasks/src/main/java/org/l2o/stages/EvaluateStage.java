package org.l2o.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.l2o.authors.AuthorsImporter;
import org.l2o.authors.AuthorsModel;
import org.l2o.authors.RefusedModelException;
import org.l2o.curves.CurveSummary;
import org.l2o.curves.LossCurves;
import org.l2o.data.Dataset;
import org.l2o.data.FetchedData;
import org.l2o.engine.AnalyticalSpec;
import org.l2o.engine.EvaluationResult;
import org.l2o.engine.Evaluator;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.OptimizerUnderTest;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.progress.Progress;
import org.l2o.engine.MetricKeys;
import org.l2o.tracking.Tags;
import org.l2o.tracking.Tracker;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * {@code evaluate}: trains fresh optimizees of one problem with one optimizer, one per seed, for
 * {@code eval_steps} steps on the problem's official <em>test</em> split, and writes every seed's
 * per-step training loss ({@link LossCurves}) and a summary.
 *
 * <p>Seeds are shared by every optimizer on a problem, so all of them start from the same
 * initialisations and see the same minibatches.
 *
 * <p>A learned optimizer comes from the {@code trained} input (a train-* task's output) or, with
 * param {@code trained=models:/<name>/<version>}, from MLflow's model registry.
 */
public final class EvaluateStage implements Stage {

  static final String SUMMARY_FILE = "summary.json";
  static final String MEAN_CSV = "curve_mean.csv";

  @Override
  public String name() {
    return StageNames.EVALUATE;
  }

  @Override
  public Set<String> inputRoles() {
    return Set.of("data", "trained");
  }

  /** The evaluation seeds: derived from {@code seed}, disjoint from training seeds. */
  static long[] seeds(int baseSeed, int count) {
    long[] s = new long[count];
    for (int i = 0; i < count; i++) {
      s[i] = 1_000_000L * (baseSeed + 1) + i;
    }
    return s;
  }

  /**
   * Everything an evaluation task reads from its params.
   *
   * @param optimizer the optimizer under test
   * @param problem the optimizee
   * @param device the requested device; chosen at run time
   * @param dataset the fetched dataset the problem trains on, or null for a generated problem
   * @param seed the base seed the runs' seeds derive from
   * @param runs how many runs (seeds)
   * @param steps optimizee steps per run
   * @param batchSize minibatch size
   * @param threads TF threads
   * @param analytical the analytical optimizer's spec, or null
   * @param untrained the network of an untrained learned optimizer, or null
   * @param registered a registered trained optimizer's {@code models:/} URI, or ""
   */
  public record Settings(Variant optimizer, ProblemName problem, String device, String dataset,
      int seed, int runs, int steps, int batchSize, int threads, AnalyticalSpec analytical,
      LearnedOptimizerConfig untrained, String registered) {}

  @Override
  public Settings settings(ResolvedParams p) {
    Variant variant = Variants.of(p.getString("optimizer"));
    ProblemName problem = ProblemName.parse(p.getString("problem"));
    String device = p.getString("device");
    String dataset = problem.needsData() ? DataSources.datasetFor(problem, p) : null;
    AnalyticalSpec analytical = variant.analytical()
        ? AnalyticalSpec.of(variant.name(), p.getDouble("lr_" + variant.name())) : null;
    LearnedOptimizerConfig untrained = variant.kind() == Variant.Kind.UNTRAINED
        ? new LearnedOptimizerConfig(variant.architecture(), p.getInt("lstm_layers"),
            p.getInt("lstm_hidden"), p.getDouble("preproc_k"), p.getDouble("output_scale"))
        : null;
    String registered = variant.needsTraining() && p.has("trained") ? p.getString("trained") : "";
    int runs = variant.figA1Setting().isPresent() ? p.getInt("eval_seeds_a1") : p.getInt("eval_seeds");
    return new Settings(variant, problem, device, dataset, p.getInt("seed"), runs,
        p.getInt("eval_steps"), p.getInt("batch_size"), p.getInt("threads"), analytical, untrained,
        registered);
  }

  @Override
  public void run(StageContext ctx) throws Exception {
    Settings s = settings(ctx.params());
    Variant variant = s.optimizer();
    String optimizer = variant.name();
    ProblemName problem = s.problem();
    Tracker tracker = ctx.tracker();
    tracker.setTag(Tags.VARIANT, optimizer);
    tracker.setTag(Tags.ORIGIN, variant.origin());
    tracker.setTag(Tags.PROBLEM, problem.id());
    String device = Devices.choose(s.device(), ctx).tfDevice();

    FetchedData data = FetchedData.open(ctx.input("data"));
    String dataset = s.dataset();
    Dataset split = dataset == null ? null : data.load(dataset, "test");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("data_verified", Boolean.toString(data.verified()));
    meta.put("split", split == null ? "generated" : split.name() + "/" + split.split());
    meta.put("dataset", dataset == null ? "generated" : dataset);
    meta.put("origin", variant.origin());
    OptimizerUnderTest opt = optimizerUnderTest(ctx, s, meta);

    long[] seeds = seeds(s.seed(), s.runs());
    int steps = s.steps();
    EvaluationResult result;
    try (Evaluator ev = new Evaluator(problem, split, s.batchSize(), s.threads(), device);
        Progress progress = ctx.progress("", steps, "steps")) {
      result = ev.run(opt, seeds, steps, new StageListener(tracker, progress));
    }
    LossCurves curves = new LossCurves(optimizer, problem.id(), seeds, steps + 1, result.losses(), meta);
    curves.write(ctx.out());
    CurveSummary summary = CurveSummary.of(curves);
    summary.writeJson(ctx.out().resolve(SUMMARY_FILE));
    writeMeanCsv(summary, ctx.out().resolve(MEAN_CSV));
    report(tracker, summary, problem, ctx.out());
    ctx.log().printf(Locale.ROOT, "%s: final ln-loss %.4f ± %.4f over %d seeds, %d diverged%n", ctx.taskName(),
        summary.finalLogLossMean(), summary.finalLogLossStd(), summary.seeds(), summary.diverged());
  }

  private static OptimizerUnderTest optimizerUnderTest(
      StageContext ctx, Settings s, Map<String, String> meta) throws IOException {
    Variant variant = s.optimizer();
    String optimizer = variant.name();
    Optional<AuthorsModel> authors = variant.authorsModel();
    if (authors.isPresent()) {
      return new OptimizerUnderTest.Learned(authorsModel(ctx, authors.get(), meta));
    }
    if (s.analytical() != null) {
      meta.put("optimizer_spec", s.analytical().toString());
      return new OptimizerUnderTest.Analytical(s.analytical());
    }
    if (s.untrained() != null) {
      meta.put("optimizer_spec", s.untrained() + " untrained, init seed " + s.seed());
      return new OptimizerUnderTest.Learned(TrainedOptimizer.untrained(s.untrained(), s.seed()));
    }
    String registered = s.registered();
    if (!registered.isEmpty()) {
      if (!ctx.inputs("trained").isEmpty()) {
        throw new StageException("evaluate: both -p trained=" + registered + " and --input trained="
            + ctx.inputs("trained") + " name the optimizer; pass one of them", 2, null);
      }
      TrainedOptimizer fetched = RegisteredOptimizer.fetch(registered, System.getenv(), meta);
      checkVariant(optimizer, fetched, registered);
      meta.put("optimizer_spec", fetched.config().toString());
      return new OptimizerUnderTest.Learned(fetched);
    }
    Path trainedDir = ctx.input("trained");
    Path optDir = trainedDir.resolve(TrainingOutput.OPTIMIZER_DIR);
    TrainedOptimizer trained = TrainedOptimizer.load(optDir);
    checkVariant(optimizer, trained, optDir.toString());
    if (Files.exists(trainedDir.resolve(TrainingSummary.FILE_NAME))) {
      TrainingSummary t = TrainingSummary.read(trainedDir);
      if (t.nTrain() != null) {
        meta.put("n_train", t.nTrain().toString());
      }
      if (t.nValid() != null) {
        meta.put("n_valid", t.nValid().toString());
      }
      meta.put("train_steps", Long.toString(t.trainSteps()));
      if (!t.dataVerified()) {
        meta.put("data_verified", "false");
      }
    }
    meta.put("optimizer_spec", trained.config().toString());
    return new OptimizerUnderTest.Learned(trained);
  }

  private static void checkVariant(String optimizer, TrainedOptimizer trained, String where) {
    Object variant = trained.training().get("variant");
    if (variant != null && !variant.equals(optimizer)) {
      throw new StageException("evaluate: optimizer '" + optimizer + "' but " + where
          + " holds variant '" + variant + "'", 2, null);
    }
  }

  /**
   * One of the authors' released models: imported from the copy bundled in the jar, or, when a
   * {@code trained} input is given, loaded from that folder (what {@code l2o import-authors}
   * wrote) after checking that it is the import of the same pinned file.
   */
  private static TrainedOptimizer authorsModel(
      StageContext ctx, AuthorsModel model, Map<String, String> meta) throws IOException {
    TrainedOptimizer t;
    try {
      if (ctx.inputs("trained").isEmpty()) {
        t = AuthorsImporter.importBundled(model);
        meta.put("authors_file", "bundled " + model.relativePath());
      } else {
        Path dir = ctx.input("trained");
        Path optDir = Files.exists(dir.resolve(TrainedOptimizer.CONFIG_FILE)) ? dir
            : dir.resolve(TrainingOutput.OPTIMIZER_DIR);
        t = TrainedOptimizer.load(optDir);
        AuthorsImporter.checkImported(t, model, optDir);
        meta.put("authors_file", "imported " + optDir);
      }
    } catch (RefusedModelException e) {
      throw new StageException("evaluate: " + e.getMessage(), 2, e);
    }
    meta.put("authors_sha256", model.sha256());
    meta.put("optimizer_spec", t.config() + ", released by the paper's authors ("
        + AuthorsModel.REPOSITORY + "@" + AuthorsModel.COMMIT + ", " + model.upstreamPath() + ")");
    return t;
  }

  /** Per-step mean and std of ln-loss, and the final numbers under stable keys for the UI. */
  private static void report(Tracker t, CurveSummary s, ProblemName problem, Path out) {
    double[] mean = s.logLossMeanPerStep();
    double[] std = s.logLossStdPerStep();
    for (int i = 0; i < mean.length; i++) {
      t.logMetric(MetricKeys.EVAL_LN_LOSS_MEAN, mean[i], i);
      t.logMetric(MetricKeys.EVAL_LN_LOSS_STD, std[i], i);
    }
    // Stable keys per problem, so that the UI's compare view lines the optimizers up.
    t.logMetric(MetricKeys.finalLogLoss(problem.id()), s.finalLogLossMean(), s.steps() - 1);
    t.logMetric(MetricKeys.finalLogLossStd(problem.id()), s.finalLogLossStd(), s.steps() - 1);
    t.logMetric(MetricKeys.divergedRuns(problem.id()), s.diverged(), s.steps() - 1);
    t.logArtifact(out.resolve(SUMMARY_FILE), "");
    t.logArtifact(out.resolve(MEAN_CSV), "");
    t.logArtifact(out.resolve(LossCurves.HEADER_FILE), "curves");
    t.logArtifact(out.resolve(LossCurves.DATA_FILE), "curves");
  }

  private static void writeMeanCsv(CurveSummary s, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write("step,ln_loss_mean,ln_loss_std,live_seeds\n");
      double[] mean = s.logLossMeanPerStep();
      double[] std = s.logLossStdPerStep();
      for (int i = 0; i < mean.length; i++) {
        w.write(i + "," + mean[i] + "," + std[i] + "," + s.liveSeeds(i) + "\n");
      }
    }
  }
}
