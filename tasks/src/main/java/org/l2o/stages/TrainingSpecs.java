package org.l2o.stages;

import java.util.List;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainingRecipe;
import org.l2o.engine.program.MetaObjective;
import org.l2o.params.ParamSchema;
import org.l2o.params.ResolvedParams;

/** Turns a variant name and the task's params into the engine's meta-training config. */
final class TrainingSpecs {

  private TrainingSpecs() {}

  /** The architecture a variant trains: rnnprop* are RNNprop, everything else L2O-DM. */
  static LearnedOptimizerConfig optimizer(String variant, ResolvedParams p) {
    if (ParamSchema.isScaleVariant(variant)) {
      return LearnedOptimizerConfig.scale();
    }
    String arch = variant.startsWith("rnnprop") ? LearnedOptimizerConfig.RNNPROP : LearnedOptimizerConfig.DM;
    return new LearnedOptimizerConfig(arch, p.getInt("lstm_layers"), p.getInt("lstm_hidden"),
        p.getDouble("preproc_k"), p.getDouble("output_scale"));
  }

  /** The common part: architecture, problem, epochs, unroll, validation, seed, threads, device. */
  static MetaTrainConfig.Builder base(String variant, ResolvedParams p, String device) {
    if (ParamSchema.isScaleVariant(variant)) {
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
  static MetaTrainConfig baseline(String variant, ResolvedParams p, String device) {
    MetaTrainConfig.Builder b = base(variant, p, device);
    if (variant.equals("scale")) {
      return b.nTrain(p.getInt("scale_n_train")).nValid(p.getInt("scale_n_valid")).build();
    }
    if (variant.equals("dm-aug")) {
      return b.nTrain(p.getInt("aug_n_train")).nValid(p.getInt("aug_n_valid")).build();
    }
    if (variant.startsWith("dm-a1-")) {
      String[] nv = variant.substring("dm-a1-".length()).split("-");
      return b.nTrain(Integer.parseInt(nv[0])).nValid(Integer.parseInt(nv[1])).build();
    }
    if (variant.equals("dm") || variant.equals("rnnprop")) {
      return b.nTrain(p.getInt("n_train")).nValid(p.getInt("n_valid")).build();
    }
    throw new StageException("train-baseline: variant '" + variant
        + "' is not a baseline; expected dm, dm-aug, rnnprop, scale or dm-a1-<n_train>-<n_valid>",
        2, null);
  }
}
