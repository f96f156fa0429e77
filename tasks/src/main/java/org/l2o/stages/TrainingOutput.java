package org.l2o.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.TrainingResult;
import org.l2o.tracking.Tracker;
import org.l2o.engine.MetricKeys;

/**
 * What every training stage writes: {@code optimizer/} (weights.f32, config.json, saved_model/)
 * and {@code training.json} (the variant, its settings, its cost in optimizee steps and its
 * validation history), logged as artifacts too; in the run, {@code optimizer/} is an MLflow Model
 * (see {@link OptimizerMlflowModel}).
 */
final class TrainingOutput {

  static final String OPTIMIZER_DIR = "optimizer";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainingOutput() {}

  static void write(StageContext ctx, String variant, MetaTrainConfig cfg, TrainingResult r,
      boolean dataVerified) throws IOException {
    Path optDir = ctx.out().resolve(OPTIMIZER_DIR);
    Map<String, Object> training = new LinkedHashMap<>(r.best().training());
    training.put("variant", variant);
    training.put("data_verified", dataVerified);
    TrainedOptimizer saved = r.best().withTraining(training);
    saved.save(optDir);

    Path file = TrainingSummary.of(variant, cfg, r, dataVerified).write(ctx.out());

    Tracker t = ctx.tracker();
    t.logMetric(MetricKeys.TRAIN_STEPS, r.trainSteps(), 0);
    t.logMetric(MetricKeys.VALID_STEPS, r.validSteps(), 0);
    t.logMetric(MetricKeys.BEST_VALID_SCORE, r.bestScore(), r.bestEpisode());
    t.logArtifacts(optDir, OPTIMIZER_DIR);
    OptimizerMlflowModel.log(t, saved, optDir, OPTIMIZER_DIR);
    t.logArtifact(file, "");
    if (Files.exists(ctx.out().resolve("history.json"))) {
      t.logArtifact(ctx.out().resolve("history.json"), "");
    }
  }
}
