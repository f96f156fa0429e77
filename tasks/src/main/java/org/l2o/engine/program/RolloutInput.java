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
 */
public record RolloutInput(
    float[] params, float[] theta, float[][] state, int t0, int[] batches, float[] instance) {}
