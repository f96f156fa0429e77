package org.l2o.engine.program;

/**
 * What one rollout call starts from, for S parallel runs.
 *
 * @param params the rule's parameter vector (learned weights or hyperparameters)
 * @param theta optimizee parameters {@code [S, P]} row-major
 * @param state one array per state slot, {@code [width, coordinates()]} row-major (see {@link RolloutProgram#coordinates})
 * @param t0 the 1-based step number of the first step (bias corrections)
 * @param batches minibatch indices {@code [K+1, S, B]}: batch k is used for the loss and gradient
 *     at step k, batch K only for the final loss (empty for the quadratic)
 * @param instance the runs' problem instances {@code [S, I]} (empty for data problems)
 * @param objectiveExamples for a {@link MetaObjective.LogRatio} objective on a data problem, the
 *     indices of its examples {@code [S, E]}; else null
 * @param f0 for a {@link MetaObjective.LogRatio} objective, each run's episode-start objective
 *     {@code [S]}, NaN (or a null array) for "this unroll starts the episode: use its F(theta_0)"
 */
public record RolloutInput(
    float[] params,
    float[] theta,
    float[][] state,
    int t0,
    int[] batches,
    float[] instance,
    int[] objectiveExamples,
    float[] f0) {

  /** An input for the summed-losses objective (or a forward rollout). */
  public RolloutInput(
      float[] params, float[] theta, float[][] state, int t0, int[] batches, float[] instance) {
    this(params, theta, state, t0, batches, instance, null, null);
  }
}
