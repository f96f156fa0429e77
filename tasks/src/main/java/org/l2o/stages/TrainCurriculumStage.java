package org.l2o.stages;

import org.l2o.engine.MetaTrainConfig;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.variants.Variant;

/**
 * {@code train-curriculum}: meta-trains L2O-DM-CL or RNNprop-CL along the {@code cl_schedule}
 * of episode lengths, validating at the next stage's length, with the paper's (section 3.1) stop-and-advance
 * rule ({@code cl_min_validations} = N_period). Writes what every training stage writes plus
 * {@code history.json} (every validation and decision, and the cost per stage).
 */
public final class TrainCurriculumStage extends TrainingStage {

  @Override
  public String name() {
    return StageNames.TRAIN_CURRICULUM;
  }

  @Override
  String kind() {
    return "a curriculum";
  }

  @Override
  MetaTrainConfig config(Variant variant, ResolvedParams p, String device) {
    return TrainingRun.build(name(), () -> TrainingSpecs.base(variant, p, device)
        .clSchedule(p.getInts("cl_schedule"))
        .clMinValidations(p.getInt("cl_min_validations"))
        .build());
  }
}
