package org.l2o.stages;

import java.util.List;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainingRecipe;
import org.l2o.engine.program.MetaObjective;
import org.l2o.params.ResolvedParams;
import org.l2o.variants.Variant;

/** Turns a variant name and the task's params into the engine's meta-training config. */
final class TrainingSpecs {

  private TrainingSpecs() {}

  /** The network a variant trains: its architecture, shaped by the params (L2O-Scale's is fixed). */
  static LearnedOptimizerConfig optimizer(Variant variant, ResolvedParams p) {
    if (variant.scaleRecipe()) {
      return LearnedOptimizerConfig.scale();
    }
    return new LearnedOptimizerConfig(variant.architecture(), p.getInt("lstm_layers"), p.getInt("lstm_hidden"),
        p.getDouble("preproc_k"), p.getDouble("output_scale"));
  }

  /** The common part: architecture, problem, epochs, unroll, validation, seed, threads, device. */
  static MetaTrainConfig.Builder base(Variant variant, ResolvedParams p, String device) {
    if (variant.scaleRecipe()) {
      return scaleBase(p, device);
    }
    return MetaTrainConfig.builder()
        .optimizer(optimizer(variant, p))
        .problem(ProblemName.parse(p.getString("train_problem")))
        .epochs(p.getInt("meta_epochs"))
        .unroll(p.getInt("unroll"))
        .validEvery(p.getInt("valid_every"))
        .validEpisodes(p.getInt("valid_episodes"))
        .metaLr(p.getDouble("meta_lr"))
        .batchSize(p.getInt("batch_size"))
        .seed(p.getInt("seed"))
        .threads(p.getInt("threads"))
        .device(device);
  }

  /**
   * L2O-Scale's common part: its architecture and its authors' recipe (RMSProp with clipping,
   * the log-ratio objective on subsets, N(0, sd^2) starts, carried state, imitation sharing the
   * meta-optimizer) from the {@code scale_*} params; problem, unroll, batch and run settings
   * as for every variant.
   */
  static MetaTrainConfig.Builder scaleBase(ResolvedParams p, String device) {
    TrainingRecipe recipe = new TrainingRecipe(TrainingRecipe.RMSPROP,
        p.getDouble("scale_meta_clip"),
        new MetaObjective.LogRatio(p.getInt("scale_objective_examples")),
        p.getDouble("scale_train_init_stddev"), p.getBool("scale_carry_state"), true);
    return MetaTrainConfig.builder()
        .optimizer(LearnedOptimizerConfig.scale())
        .recipe(recipe)
        .problem(ProblemName.parse(p.getString("train_problem")))
        .epochs(p.getInt("scale_meta_epochs"))
        .unroll(p.getInt("unroll"))
        .validEvery(p.getInt("scale_valid_every"))
        .validEpisodes(p.getInt("scale_valid_episodes"))
        .metaLr(p.getDouble("scale_meta_lr"))
        .batchSize(p.getInt("batch_size"))
        .seed(p.getInt("seed"))
        .threads(p.getInt("threads"))
        .device(device);
  }

  /**
   * scale-cl-il: the curriculum of {@code scale_cl_schedule} (N_period {@code
   * cl_min_validations}) with a constant imitation ratio, its teachers and step weight.
   */
  static MetaTrainConfig scaleClIl(ResolvedParams p, String device) {
    return scaleBase(p, device)
        .clSchedule(p.getInts("scale_cl_schedule"))
        .clMinValidations(p.getInt("cl_min_validations"))
        .ilRatios(List.of(p.getDouble("scale_il_ratio")))
        .ilTeacherNames(p.getStrings("scale_il_teachers"))
        .ilWeight(p.getDouble("scale_il_weight"))
        .build();
  }

  /**
   * A baseline variant's config: dm and rnnprop use n_train/n_valid, dm-aug aug_n_train/aug_n_valid,
   * scale scale_n_train/scale_n_valid, and a Fig A1 setting {@code dm-a1-<n>-<v>} its own pair.
   */
  static MetaTrainConfig baseline(Variant variant, ResolvedParams p, String device) {
    MetaTrainConfig.Builder b = base(variant, p, device);
    return switch (variant.episodes()) {
      case FIXED, AUGMENTED, SCALE_FIXED -> b.nTrain(p.getInt(variant.episodes().params().get(0)))
          .nValid(p.getInt(variant.episodes().params().get(1))).build();
      case FIG_A1 -> b.nTrain(variant.figA1().nTrain()).nValid(variant.figA1().nValid()).build();
      case CURRICULUM, NONE -> throw new IllegalStateException(variant + " is no baseline");
    };
  }
}
