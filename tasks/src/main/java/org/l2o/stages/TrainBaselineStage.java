package org.l2o.stages;

import java.util.Set;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;

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
    TrainingRun.train(ctx, variant, cfg);
  }
}
