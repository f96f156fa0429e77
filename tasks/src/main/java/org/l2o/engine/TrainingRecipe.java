package org.l2o.engine;

import java.util.Locale;
import java.util.Objects;
import org.l2o.engine.program.MetaObjective;

/**
 * How meta-training treats episodes, apart from the schedule: the parts in which the L2O-Scale
 * code of the paper's authors differs from their L2O-DM code.
 *
 * <table>
 *   <caption>The two recipes</caption>
 *   <tr><th>part</th><th>{@link #DM}</th><th>{@link #scale()}</th></tr>
 *   <tr><td>meta-optimizer</td><td>Adam (imitation: its own Adam)</td>
 *       <td>RMSProp, decay 0.9, eps 1e-20, ms from 1, gradients made finite and clipped to
 *       +-1e4; imitation shares it</td></tr>
 *   <tr><td>objective</td><td>sum of minibatch losses</td>
 *       <td>log-ratio on a fresh 10,000-example subset per unroll, minibatches drawn as shuffled
 *       epochs within it</td></tr>
 *   <tr><td>optimizee init in training and validation</td><td>the problem's, N(0, 0.01^2)</td>
 *       <td>N(0, 1)</td></tr>
 *   <tr><td>optimizer state</td><td>fresh every episode</td>
 *       <td>reset only at the first episode, then carried on (see below)</td></tr>
 *   <tr><td>validation score</td><td>sum of final minibatch losses</td>
 *       <td>mean objective F over the episodes, on the last training unroll's subset</td></tr>
 * </table>
 *
 * <p><b>Carried state</b> (the authors' {@code reset_state} is true only in the first unroll of
 * meta-iteration 0): each episode starts from the optimizer state the previous episode had at
 * the start of its <i>last</i> unroll (their local variables are written between unrolls only);
 * validation episodes start from that state too, each run a copy (the authors run them in turn,
 * each handing its state on; ours run batched and leave the training state untouched).
 *
 * @param metaOptimizer {@code adam} or {@code rmsprop}
 * @param metaClip RMSProp's gradient clip level ({@code <= 0}: none); unused by Adam
 * @param objective what a meta-loss unroll differentiates
 * @param trainInitStddev the optimizee init of training and validation episodes, N(0, sd^2) for
 *     every parameter; 0 = the problem's own init
 * @param carryState whether the optimizer state flows from episode to episode
 * @param sharedImitationOptimizer whether imitation steps use the meta-optimizer (and its state)
 *     rather than an Adam of their own at {@code il_lr}
 */
public record TrainingRecipe(
    String metaOptimizer,
    double metaClip,
    MetaObjective objective,
    double trainInitStddev,
    boolean carryState,
    boolean sharedImitationOptimizer) {

  public static final String ADAM = "adam";
  public static final String RMSPROP = "rmsprop";

  /** The authors' L2O-DM code. */
  public static final TrainingRecipe DM =
      new TrainingRecipe(ADAM, 0, MetaObjective.SUMMED_LOSSES, 0, false, false);

  /** The authors' init of training optimizees for L2O-Scale: numpy's standard normal. */
  public static final double SCALE_TRAIN_INIT_STDDEV = 1.0;

  public TrainingRecipe {
    metaOptimizer = metaOptimizer == null ? "" : metaOptimizer.trim().toLowerCase(Locale.ROOT);
    if (!ADAM.equals(metaOptimizer) && !RMSPROP.equals(metaOptimizer)) {
      throw new IllegalArgumentException(
          "meta_optimizer must be adam or rmsprop, got '" + metaOptimizer + "'");
    }
    Objects.requireNonNull(objective, "objective");
    if (!(trainInitStddev >= 0) || !Double.isFinite(trainInitStddev)) {
      throw new IllegalArgumentException(
          "train_init_stddev must be >= 0 (0 = the problem's init), got " + trainInitStddev);
    }
    if (!Double.isFinite(metaClip)) {
      throw new IllegalArgumentException("meta_clip must be finite (<= 0: none), got " + metaClip);
    }
  }

  /** The authors' L2O-Scale code with an objective subset of {@code examples} examples. */
  public static TrainingRecipe scale(int examples) {
    return new TrainingRecipe(RMSPROP, MetaRmsProp.CLIP_DEFAULT,
        new MetaObjective.LogRatio(examples), SCALE_TRAIN_INIT_STDDEV, true, true);
  }

  /** The authors' L2O-Scale code: 10,000-example objective subsets. */
  public static TrainingRecipe scale() {
    return scale(MetaObjective.LogRatio.EXAMPLES_DEFAULT);
  }

  /** The meta-optimizer for {@code size} weights at learning rate {@code lr}. */
  public MetaOptimizer newMetaOptimizer(int size, double lr) {
    return RMSPROP.equals(metaOptimizer)
        ? new MetaRmsProp(size, lr, MetaRmsProp.DECAY_DEFAULT, MetaRmsProp.EPS_DEFAULT, metaClip)
        : new MetaAdam(size, lr);
  }

  /** Examples of the objective subset per unroll, 0 when the objective has none. */
  public int objectiveExamples() {
    return objective instanceof MetaObjective.LogRatio l ? l.examples() : 0;
  }

  @Override
  public String toString() {
    return "TrainingRecipe[" + metaOptimizer + (RMSPROP.equals(metaOptimizer) ? ", clip=" + metaClip : "")
        + ", objective=" + objective + ", init_sd=" + trainInitStddev + ", carry_state="
        + carryState + ", shared_il_optimizer=" + sharedImitationOptimizer + "]";
  }
}
