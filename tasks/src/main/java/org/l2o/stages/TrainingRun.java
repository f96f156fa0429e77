package org.l2o.stages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.data.Dataset;
import org.l2o.data.FetchedData;
import org.l2o.engine.EngineListener;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.MetaTrainer;
import org.l2o.engine.TrainingResult;
import org.l2o.engine.curriculum.CurriculumHistory;
import org.l2o.engine.curriculum.Decision;
import org.l2o.engine.curriculum.StageRecord;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.progress.Progress;
import org.l2o.tracking.Tags;
import org.l2o.variants.Variant;
import org.l2o.engine.MetricKeys;

/** One meta-training run as every training stage does it: train, then write the common outputs. */
final class TrainingRun {

  private TrainingRun() {}

  /**
   * Runs the trainer, resuming from the task's checkpoint when there is one, then writes
   * history.json and the common training outputs.
   */
  static void train(StageContext ctx, String stage, TrainingSettings s, MetaTrainConfig cfg)
      throws Exception {
    Variant variant = s.variant();
    FetchedData data = FetchedData.open(ctx.input("data"));
    Dataset train = s.dataset() == null ? null : data.metaTrain(s.dataset());
    ctx.tracker().setTag(Tags.VARIANT, variant.name());
    ctx.tracker().setTag(Tags.ORIGIN, variant.origin());
    TrainingResult r;
    TrainingCheckpointing checkpoints = TrainingCheckpointing.open(ctx, stage, s.checkpoints());
    try (checkpoints; Progress progress = ctx.progress("", cfg.epochs(), "episodes")) {
      EngineListener listener = checkpoints.wrap(new StageListener(ctx.tracker(), progress));
      r = new MetaTrainer(cfg, train, listener, checkpoints).train();
    }
    r.history().writeJson(ctx.out().resolve(CurriculumHistory.FILE_NAME));
    TrainingOutput.write(ctx, variant.name(), cfg, r, data.verified(), summary(cfg, r));
    checkpoints.finished();
    ctx.tracker().logMetric(MetricKeys.IMITATION_STEPS, r.imitationSteps(), 0);
    CurriculumHistory h = r.history();
    System.err.printf("%s: %d episodes (%d imitating), %d stages entered, outcome %s; "
            + "%d training + %d validation optimizee steps; best validation %.5g at episode %d%n",
        ctx.taskName(), r.episodes(), r.imitationEpisodes(), h.stages().size(),
        h.outcome() == null ? "-" : h.outcome().label(), r.trainSteps(), r.validSteps(),
        r.bestScore(), r.bestEpisode());
  }

  /**
   * What {@code training.json} adds for curriculum and imitation runs. With a curriculum,
   * {@code n_train} and {@code n_valid} become the lengths of the stages actually entered, so the
   * report's cost table shows how far the curriculum went.
   */
  static Map<String, Object> summary(MetaTrainConfig cfg, TrainingResult r) {
    CurriculumHistory h = r.history();
    Map<String, Object> m = new LinkedHashMap<>();
    List<StageRecord> stages = h.stages();
    if (cfg.curriculum()) {
      m.put("n_train", stages.stream().map(StageRecord::nTrain).toList());
      m.put("n_valid", stages.stream().map(StageRecord::nValid).toList());
      m.put("cl_schedule", cfg.clSchedule());
      m.put("cl_min_validations", cfg.clMinValidations());
      m.put("cl_stages_entered", stages.size());
    }
    m.put("outcome", h.outcome() == null ? null : h.outcome().label());
    if (h.best() != null) {
      m.put("best_stage", h.best().stage());
      m.put("best_n_train", h.best().nTrain());
      m.put("best_n_valid", h.best().nValid());
    }
    m.put("stages", stages.stream().map(TrainingRun::stage).toList());
    m.put("decisions", h.decisions().stream()
        .filter(d -> d.kind() != Decision.Kind.CONTINUE)
        .map(TrainingRun::decision).toList());
    m.put("imitation_episodes", r.imitationEpisodes());
    m.put("imitation_steps", r.imitationSteps());
    m.put("imitation_iterations", r.imitationIterations());
    if (cfg.imitation()) {
      m.put("il_teachers", cfg.ilTeachers().stream().map(TeacherSpec::toString).toList());
      m.put("il_ratio", cfg.curriculum() ? cfg.ilRatios() : cfg.ilRatios().get(0));
      m.put("il_weight", cfg.ilWeight());
      m.put("il_lr", cfg.ilLr());
    }
    return m;
  }

  private static Map<String, Object> stage(StageRecord s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", s.stage());
    m.put("n_train", s.nTrain());
    m.put("n_valid", s.nValid());
    m.put("imitation_ratio", s.imitationRatio());
    m.put("validations", s.validations());
    m.put("improved", s.improved());
    m.put("train_steps", s.trainSteps());
    m.put("valid_steps", s.validSteps());
    return m;
  }

  private static Map<String, Object> decision(Decision d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", d.epoch());
    m.put("kind", d.kind().label());
    m.put("from_stage", d.fromStage());
    m.put("to_stage", d.toStage());
    m.put("restore_best", d.restoreBest());
    return m;
  }

  /** Builds a config, turning an invalid setting into a usage error that names it. */
  static MetaTrainConfig build(String stage, java.util.function.Supplier<MetaTrainConfig> b) {
    try {
      return b.get();
    } catch (IllegalArgumentException e) {
      throw new StageException(stage + ": invalid training settings: " + e.getMessage(), 2, e);
    }
  }
}
