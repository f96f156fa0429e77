package org.l2o.engine;

import java.util.List;
import java.util.Locale;
import org.l2o.engine.curriculum.CurriculumSchedule;
import org.l2o.engine.curriculum.TeacherKind;
import org.l2o.engine.curriculum.TeacherSpec;

/**
 * The paper's meta-training settings of each variant, written out by hand for engine tests. The
 * pipeline builds its configs from the params instead (the training stages' settings);
 * {@code org.l2o.stages.PaperSettingsTest} checks that the two agree for every variant, so a test
 * that starts from a preset starts where production does.
 */
public final class PaperPresets {

  /** L2O-Scale's meta-iterations in the authors' README ({@code --num_meta_iterations=100}). */
  public static final int SCALE_EPOCHS_DEFAULT = 100;
  /** L2O-Scale's curriculum ({@code metaopt.py}): 12 stages up to 5,000 steps. */
  public static final List<Integer> SCALE_CL_SCHEDULE_DEFAULT =
      List.of(100, 200, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000);
  /** L2O-Scale validates after every meta-iteration ({@code --evaluation_period=1}). */
  public static final int SCALE_VALID_EVERY_DEFAULT = 1;
  /** ... with 5 episodes ({@code --evaluation_epochs=5}). */
  public static final int SCALE_VALID_EPISODES_DEFAULT = 5;
  /** L2O-Scale's imitation ratio, constant over stages ({@code --mt_ratio=0.1}). */
  public static final double SCALE_IL_RATIO_DEFAULT = 0.1;
  /** L2O-Scale's teacher ({@code mt_utils.py}): Adam at 0.01. */
  public static final List<TeacherSpec> SCALE_IL_TEACHERS_DEFAULT =
      List.of(new TeacherSpec(TeacherKind.ADAM, 0.01));
  /** L2O-Scale's imitation step weight: the objective weight 1/T of a 20-step unroll. */
  public static final double SCALE_IL_WEIGHT_DEFAULT = 1.0 / MetaTrainConfig.UNROLL_DEFAULT;

  private PaperPresets() {}

  /**
   * The paper's variants: {@code dm} (N_train = N_valid = 100), {@code dm-aug} (1000 / 1500),
   * {@code rnnprop} (100 / 100 with the RNNprop architecture), {@code dm-cl} and {@code
   * rnnprop-cl} (Appendix A1.2's curriculum), {@code dm-il} (100 / 100, r = 0.3, A1.3's teachers)
   * and {@code dm-cl-il}, {@code rnnprop-cl-il} (curriculum, r per stage 0, 0.1, 0.3, ...). Any
   * other setting is a builder away.
   */
  public static MetaTrainConfig.Builder of(String variant) {
    String v = variant == null ? "" : variant.trim().toLowerCase(Locale.ROOT);
    List<Integer> cl = CurriculumSchedule.N_TRAIN_DEFAULT;
    List<Double> clIl = CurriculumSchedule.IMITATION_RATIOS_CL_IL_DEFAULT;
    return switch (v) {
      case "dm" -> MetaTrainConfig.builder();
      case "dm-aug" -> MetaTrainConfig.builder().nTrain(1000).nValid(1500);
      case "rnnprop" -> MetaTrainConfig.builder().optimizer(LearnedOptimizerConfig.rnnprop());
      case "dm-cl" -> MetaTrainConfig.builder().clSchedule(cl);
      case "rnnprop-cl" -> MetaTrainConfig.builder().optimizer(LearnedOptimizerConfig.rnnprop()).clSchedule(cl);
      case "dm-il" -> MetaTrainConfig.builder().ilRatio(MetaTrainConfig.IL_RATIO_DEFAULT);
      case "dm-cl-il" -> MetaTrainConfig.builder().clSchedule(cl).ilRatios(clIl);
      case "rnnprop-cl-il" ->
          MetaTrainConfig.builder().optimizer(LearnedOptimizerConfig.rnnprop()).clSchedule(cl).ilRatios(clIl);
      case "scale" -> scaleBuilder();
      case "scale-cl-il" ->
          scaleBuilder()
              .clSchedule(SCALE_CL_SCHEDULE_DEFAULT)
              .ilRatios(List.of(SCALE_IL_RATIO_DEFAULT))
              .ilTeachers(SCALE_IL_TEACHERS_DEFAULT)
              .ilWeight(SCALE_IL_WEIGHT_DEFAULT);
      default ->
          throw new IllegalArgumentException(
              "unknown meta-training variant '" + variant + "'; expected dm, dm-aug, rnnprop, "
                  + "dm-cl, rnnprop-cl, dm-il, dm-cl-il, rnnprop-cl-il, scale or scale-cl-il");
    };
  }

  /**
   * L2O-Scale as the authors' code trains it, without curriculum or imitation: their recipe,
   * RMSProp at 1e-6, 100 meta-iterations of 100 steps, validated after each with 5 episodes (the
   * command of the plain baseline is not in their README; this is their CL-IL command with both
   * off).
   */
  private static MetaTrainConfig.Builder scaleBuilder() {
    return MetaTrainConfig.builder()
        .optimizer(LearnedOptimizerConfig.scale())
        .recipe(TrainingRecipe.scale())
        .metaLr(MetaRmsProp.LR_DEFAULT)
        .epochs(SCALE_EPOCHS_DEFAULT)
        .validEvery(SCALE_VALID_EVERY_DEFAULT)
        .validEpisodes(SCALE_VALID_EPISODES_DEFAULT);
  }

}
