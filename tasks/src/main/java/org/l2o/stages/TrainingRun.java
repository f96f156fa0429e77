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
    TrainingOutput.write(ctx, variant.name(), cfg, r, data.verified());
    checkpoints.finished();
    ctx.tracker().logMetric(MetricKeys.IMITATION_STEPS, r.imitationSteps(), 0);
    CurriculumHistory h = r.history();
    ctx.log().printf("%s: %d episodes (%d imitating), %d stages entered, outcome %s; "
            + "%d training + %d validation optimizee steps; best validation %.5g at episode %d%n",
        ctx.taskName(), r.episodes(), r.imitationEpisodes(), h.stages().size(),
        h.outcome() == null ? "-" : h.outcome().label(), r.trainSteps(), r.validSteps(),
        r.bestScore(), r.bestEpisode());
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
