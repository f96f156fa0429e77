package org.l2o.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.TrainingResult;
import org.l2o.engine.ValidationRecord;
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
  static final String TRAINING_FILE = "training.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainingOutput() {}

  static void write(StageContext ctx, String variant, MetaTrainConfig cfg, TrainingResult r,
      boolean dataVerified, Map<String, Object> extra) throws IOException {
    Path optDir = ctx.out().resolve(OPTIMIZER_DIR);
    Map<String, Object> training = new LinkedHashMap<>(r.best().training());
    training.put("variant", variant);
    training.put("data_verified", dataVerified);
    TrainedOptimizer saved = r.best().withTraining(training);
    saved.save(optDir);

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("variant", variant);
    doc.put("architecture", cfg.optimizer().architecture());
    doc.put("optimizer", cfg.optimizer().toString());
    doc.put("problem", cfg.problem().id());
    doc.put("n_train", cfg.nTrain());
    doc.put("n_valid", cfg.nValid());
    doc.put("epochs", cfg.epochs());
    doc.put("episodes_run", r.episodes());
    doc.put("train_steps", r.trainSteps());
    doc.put("valid_steps", r.validSteps());
    doc.put("meta_iterations", r.metaIterations());
    doc.put("diverged_episodes", r.divergedEpisodes());
    doc.put("best_episode", r.bestEpisode());
    doc.put("best_score", finiteOrString(r.bestScore()));
    doc.put("data_verified", dataVerified);
    List<Map<String, Object>> vals = r.validations().stream().map(TrainingOutput::validation).toList();
    doc.put("validations", vals);
    doc.putAll(extra);
    Path file = ctx.out().resolve(TRAINING_FILE);
    JSON.writeValue(file.toFile(), doc);

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

  private static Map<String, Object> validation(ValidationRecord v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("episode", v.episode());
    m.put("score", finiteOrString(v.score()));
    m.put("diverged", v.diverged());
    m.put("improved", v.improved());
    return m;
  }

  /** JSON has no NaN or Infinity: write them as strings a reader can parse back. */
  static Object finiteOrString(double d) {
    return Double.isFinite(d) ? d : Double.toString(d);
  }
}
