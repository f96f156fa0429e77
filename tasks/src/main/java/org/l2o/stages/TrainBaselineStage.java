package org.l2o.stages;

import java.util.Map;
import java.util.Set;
import org.l2o.data.Dataset;
import org.l2o.data.FetchedData;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.MetaTrainer;
import org.l2o.engine.TrainingResult;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.progress.Progress;
import org.l2o.tracking.Tags;

/**
 * {@code train-baseline}: meta-trains one variant without curriculum or imitation: L2O-DM
 * (N_train = N_valid = 100), L2O-DM-AUG (1000/1500), RNNprop, or a Fig A1 setting.
 */
public final class TrainBaselineStage implements Stage {

  @Override
  public String name() {
    return StageNames.TRAIN_BASELINE;
  }

  @Override
  public Set<String> inputRoles() {
    return Set.of("data");
  }

  @Override
  public void run(StageContext ctx) throws Exception {
    ResolvedParams p = ctx.params();
    String variant = p.getString("variant");
    String device = Devices.choose(p.getString("device"), ctx.taskName(), ctx.tracker()).tfDevice();
    MetaTrainConfig cfg = TrainingSpecs.baseline(variant, p, device);
    FetchedData data = FetchedData.open(ctx.input("data"));
    Dataset train = cfg.problem().needsData() ? data.metaTrain(DataSources.datasetFor(cfg.problem(), p)) : null;
    ctx.tracker().setTag(Tags.VARIANT, variant);
    TrainingResult r;
    try (Progress progress = ctx.progress("", cfg.epochs(), "episodes")) {
      r = new MetaTrainer(cfg, train, new StageListener(ctx.tracker(), progress)).train();
    }
    TrainingOutput.write(ctx, variant, cfg, r, data.verified(), Map.of());
    System.err.printf("%s: %d episodes, %d optimizee training steps, best validation %.5g at episode %d%n",
        ctx.taskName(), r.episodes(), r.trainSteps(), r.bestScore(), r.bestEpisode());
  }
}
