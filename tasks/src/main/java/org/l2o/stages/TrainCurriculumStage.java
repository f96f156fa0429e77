package org.l2o.stages;

import java.util.Set;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.params.ParamSchema;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;

/**
 * {@code train-curriculum}: meta-trains L2O-DM-CL or RNNprop-CL along the {@code cl_schedule}
 * of episode lengths, validating at the next stage's length, with the seed's stop-and-advance
 * rule ({@code cl_min_validations} = N_period). Writes what every training stage writes plus
 * {@code history.json} (every validation and decision, and the cost per stage).
 */
public final class TrainCurriculumStage implements Stage {

  @Override
  public String name() {
    return StageNames.TRAIN_CURRICULUM;
  }

  @Override
  public Set<String> inputRoles() {
    return Set.of("data");
  }

  @Override
  public void run(StageContext ctx) throws Exception {
    ResolvedParams p = ctx.params();
    String variant = p.getString("variant");
    if (!ParamSchema.CURRICULUM_VARIANTS.contains(variant)) {
      throw new StageException(name() + ": variant '" + variant + "' is not a curriculum variant; "
          + "expected one of " + ParamSchema.CURRICULUM_VARIANTS
          + " (imitation variants run in train-imitation)", 2, null);
    }
    String device = Devices.choose(p.getString("device"), ctx.taskName(), ctx.tracker()).tfDevice();
    MetaTrainConfig cfg = TrainingRun.build(name(), () -> TrainingSpecs.base(variant, p, device)
        .clSchedule(p.getInts("cl_schedule"))
        .clMinValidations(p.getInt("cl_min_validations"))
        .build());
    TrainingRun.train(ctx, variant, cfg);
  }
}
