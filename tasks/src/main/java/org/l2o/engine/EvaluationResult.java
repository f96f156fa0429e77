package org.l2o.engine;

/**
 * The training curves of one optimizer on one problem.
 *
 * @param losses {@code [seed][steps+1]}: the minibatch loss at each step, index 0 at the init; a
 *     diverged seed's values are NaN from its divergence on
 * @param divergedAtStep per seed, the first step with a non-finite loss, or -1
 */
public record EvaluationResult(float[][] losses, int[] divergedAtStep) {

  /** Number of seeds that diverged. */
  public int divergedCount() {
    int n = 0;
    for (int d : divergedAtStep) {
      if (d >= 0) {
        n++;
      }
    }
    return n;
  }

  /** The loss of each seed after the last step. */
  public float[] finalLosses() {
    float[] f = new float[losses.length];
    for (int s = 0; s < f.length; s++) {
      f[s] = losses[s][losses[s].length - 1];
    }
    return f;
  }
}
