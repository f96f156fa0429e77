package org.l2o.stages;

import org.l2o.engine.MetaTrainConfig;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.variants.Variant;

/**
 * {@code train-imitation}: meta-trains with the imitation regulariser. {@code dm-il} trains at
 * fixed {@code n_train}/{@code n_valid} with every episode imitating with probability {@code
 * il_ratio}; {@code dm-cl-il} and {@code rnnprop-cl-il} follow the curriculum with r per stage
 * from {@code il_ratio_schedule}. Teachers ({@code il_teachers}) take turns; the imitation loss
 * has weight {@code il_weight} per step and its own Adam at {@code il_lr}. {@code scale-cl-il}
 * trains L2O-Scale the way its authors' code does, from the {@code scale_*} params (see {@link
 * TrainingSpecs#scaleClIl}).
 */
public final class TrainImitationStage extends TrainingStage {

  @Override
  public String name() {
    return StageNames.TRAIN_IMITATION;
  }

  @Override
  String kind() {
    return "an imitation";
  }

  @Override
  MetaTrainConfig config(Variant variant, ResolvedParams p, String device) {
    if (variant.scaleRecipe()) {
      return TrainingRun.build(name(), () -> TrainingSpecs.scaleClIl(p, device));
    }
    boolean curriculum = variant.curriculum();
    return TrainingRun.build(name(), () -> {
      MetaTrainConfig.Builder b = TrainingSpecs.base(variant, p, device)
          .ilTeacherNames(p.getStrings("il_teachers"))
          .ilWeight(p.getDouble("il_weight"))
          .ilLr(p.getDouble("il_lr"));
      if (curriculum) {
        b.clSchedule(p.getInts("cl_schedule"))
            .clMinValidations(p.getInt("cl_min_validations"))
            .ilRatios(p.getDoubles("il_ratio_schedule"));
      } else {
        b.nTrain(p.getInt("n_train")).nValid(p.getInt("n_valid")).ilRatio(p.getDouble("il_ratio"));
      }
      return b.build();
    });
  }
}
