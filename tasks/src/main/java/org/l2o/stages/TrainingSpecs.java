package org.l2o.stages;

import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.ProblemName;
import org.l2o.params.ResolvedParams;

/** Turns a variant name and the task's params into the engine's meta-training config. */
final class TrainingSpecs {

  private TrainingSpecs() {}

  /** The architecture a variant trains: rnnprop* are RNNprop, everything else L2O-DM. */
  static LearnedOptimizerConfig optimizer(String variant, ResolvedParams p) {
    String arch = variant.startsWith("rnnprop") ? LearnedOptimizerConfig.RNNPROP : LearnedOptimizerConfig.DM;
    return new LearnedOptimizerConfig(arch, p.getInt("lstm_layers"), p.getInt("lstm_hidden"),
        p.getDouble("preproc_k"), p.getDouble("output_scale"));
  }

  /** The common part: architecture, problem, epochs, unroll, validation, seed, threads, device. */
  static MetaTrainConfig.Builder base(String variant, ResolvedParams p, String device) {
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
   * A baseline variant's config: dm and rnnprop use n_train/n_valid, dm-aug aug_n_train/aug_n_valid,
   * and a Fig A1 setting {@code dm-a1-<n>-<v>} its own pair.
   */
  static MetaTrainConfig baseline(String variant, ResolvedParams p, String device) {
    MetaTrainConfig.Builder b = base(variant, p, device);
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
        + "' is not a baseline; expected dm, dm-aug, rnnprop or dm-a1-<n_train>-<n_valid>", 2, null);
  }
}
