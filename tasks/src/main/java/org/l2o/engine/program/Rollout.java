package org.l2o.engine.program;

/**
 * What one rollout call returns for S parallel runs over K steps.
 *
 * @param losses {@code [K+1, S]}: the loss of run s at step k (on that step's minibatch); row K is
 *     the loss after the last update
 * @param theta the parameters after K updates, {@code [S, P]}
 * @param state the state after K updates, one array per slot
 * @param metaGradient d(sum of losses at steps 1..K)/d(params), or null for a forward rollout
 * @param gradients every step's optimizee gradient {@code [K, S, P]}, or null unless traced
 * @param deltas every step's update {@code [K, S, P]} (x_{k+1} - x_k), or null unless traced
 * @param metaLoss the differentiated meta-loss (NaN for a forward rollout)
 * @param objective for a {@link MetaObjective.LogRatio} objective, F(theta_k) {@code [K, S]} for
 *     k = 0..K-1 (row 0 is the episode's f0 when the unroll starts it); else null
 */
public record Rollout(
    float[] losses,
    float[] theta,
    float[][] state,
    float[] metaGradient,
    float[] gradients,
    float[] deltas,
    float metaLoss,
    float[] objective) {

  /** The loss of run {@code s} at step {@code k} of this call. */
  public float loss(int k, int s, int seeds) {
    return losses[k * seeds + s];
  }
}
