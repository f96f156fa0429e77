package org.l2o.stages;

import org.l2o.engine.MetaTrainConfig;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.variants.Variant;

/**
 * {@code train-baseline}: meta-trains one variant without curriculum or imitation: L2O-DM
 * (N_train = N_valid = 100), L2O-DM-AUG (1000/1500), RNNprop, or a Fig A1 setting.
 */
public final class TrainBaselineStage extends TrainingStage {

  @Override
  public String name() {
    return StageNames.TRAIN_BASELINE;
  }

  @Override
  String kind() {
    return "a baseline";
  }

  @Override
  MetaTrainConfig config(Variant variant, ResolvedParams p, String device) {
    return TrainingSpecs.baseline(variant, p, device);
  }
}
