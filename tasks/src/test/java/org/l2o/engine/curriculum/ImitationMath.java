package org.l2o.engine.curriculum;

import org.l2o.engine.AnalyticalSpec;

/**
 * Test oracle: reference math of imitation learning in plain {@code double}s: the imitation loss and one step
 * of each analytical teacher. The TF graphs are tested against these, and pure-Java teachers
 * ({@link ReferenceTeacher}) use them directly.
 *
 * <p>Every rule follows the TensorFlow 1.x kernel the authors' code (TF 1.14, {@code
 * tf.train.*Optimizer}) ran, since the teachers' trajectories are what the L2O imitates. Each
 * {@code *Update} returns the update Δx to <em>add</em> to the parameters and advances the
 * slot arrays it is given in place; it never touches x.
 */
public final class ImitationMath {

  // The teachers' hyperparameters are AnalyticalSpec's, the one place they are declared.
  public static final double ADAM_BETA1_DEFAULT = AnalyticalSpec.BETA1_DEFAULT;
  public static final double ADAM_BETA2_DEFAULT = AnalyticalSpec.BETA2_DEFAULT;
  public static final double ADAM_EPSILON_DEFAULT = AnalyticalSpec.ADAM_EPS_DEFAULT;
  public static final double ADAGRAD_INITIAL_ACCUMULATOR_DEFAULT =
      AnalyticalSpec.ADAGRAD_INITIAL_ACCUMULATOR_DEFAULT;
  public static final double RMSPROP_DECAY_DEFAULT = AnalyticalSpec.RMSPROP_DECAY_DEFAULT;
  public static final double RMSPROP_EPSILON_DEFAULT = AnalyticalSpec.RMSPROP_EPS_DEFAULT;
  public static final double RMSPROP_INITIAL_MEAN_SQUARE_DEFAULT =
      AnalyticalSpec.RMSPROP_INITIAL_MS_DEFAULT;
  public static final double NAG_MOMENTUM_DEFAULT = AnalyticalSpec.NAG_MOMENTUM_DEFAULT;

  private ImitationMath() {}

  /**
   * The imitation loss of one unroll chunk, the paper's equation (1) as the authors' code
   * computes it: {@code Σ_t ω_t · ½‖Δx_t − δ_t‖² / P}, where Δx_t is the teacher's update,
   * δ_t the L2O's output for the teacher's gradient and P the number of parameters.
   *
   * @param teacherUpdates Δx_t, indexed [step][parameter]
   * @param learnedUpdates δ_t, same shape
   * @param weights ω_t, one per step (Appendix A1.3 sets all to 1)
   */
  public static double imitationLoss(
      double[][] teacherUpdates, double[][] learnedUpdates, double[] weights) {
    int steps = teacherUpdates.length;
    if (learnedUpdates.length != steps || weights.length != steps || steps == 0) {
      throw new IllegalArgumentException(
          "imitation loss: got " + steps + " teacher steps, " + learnedUpdates.length
              + " learned steps and " + weights.length + " weights; expected the same "
              + "number (> 0) of each");
    }
    int params = teacherUpdates[0].length;
    if (params == 0) {
      throw new IllegalArgumentException("imitation loss: steps have 0 parameters, expected > 0");
    }
    double loss = 0.0;
    for (int t = 0; t < steps; t++) {
      if (teacherUpdates[t].length != params || learnedUpdates[t].length != params) {
        throw new IllegalArgumentException(
            "imitation loss: step " + t + " has " + teacherUpdates[t].length
                + " teacher and " + learnedUpdates[t].length + " learned entries, expected "
                + params + " of each");
      }
      double squared = 0.0;
      for (int i = 0; i < params; i++) {
        double d = teacherUpdates[t][i] - learnedUpdates[t][i];
        squared += d * d;
      }
      loss += weights[t] * 0.5 * squared;
    }
    return loss / params;
  }

  /** The imitation loss with every ω_t equal to {@code weight}. */
  public static double imitationLoss(
      double[][] teacherUpdates, double[][] learnedUpdates, double weight) {
    double[] weights = new double[teacherUpdates.length];
    java.util.Arrays.fill(weights, weight);
    return imitationLoss(teacherUpdates, learnedUpdates, weights);
  }

  /** SGD ({@code ApplyGradientDescent}): Δx = −lr · g. */
  public static double[] sgdUpdate(double[] grad, double lr) {
    double[] dx = new double[grad.length];
    for (int i = 0; i < grad.length; i++) {
      dx[i] = -lr * grad[i];
    }
    return dx;
  }

  /**
   * Adam ({@code ApplyAdam}) at step {@code t} (1 for the first update):
   *
   * <pre>
   * m ← β1·m + (1−β1)·g
   * v ← β2·v + (1−β2)·g²
   * lr_t = lr·√(1−β2^t)/(1−β1^t)
   * Δx = −lr_t · m / (√v + ε)
   * </pre>
   *
   * @param m first-moment slot, zeros initially, updated in place
   * @param v second-moment slot, zeros initially, updated in place
   */
  public static double[] adamUpdate(
      double[] grad, double[] m, double[] v, long t, double lr, double beta1, double beta2,
      double epsilon) {
    if (t < 1) {
      throw new IllegalArgumentException("adam: step t must be >= 1 (first update is 1), got " + t);
    }
    sameLength("adam", grad, m, v);
    double lrT = lr * Math.sqrt(1.0 - Math.pow(beta2, t)) / (1.0 - Math.pow(beta1, t));
    double[] dx = new double[grad.length];
    for (int i = 0; i < grad.length; i++) {
      m[i] = beta1 * m[i] + (1.0 - beta1) * grad[i];
      v[i] = beta2 * v[i] + (1.0 - beta2) * grad[i] * grad[i];
      dx[i] = -lrT * m[i] / (Math.sqrt(v[i]) + epsilon);
    }
    return dx;
  }

  /** Adam with β1 0.9, β2 0.999 and ε 1e-8. */
  public static double[] adamUpdate(double[] grad, double[] m, double[] v, long t, double lr) {
    return adamUpdate(
        grad, m, v, t, lr, ADAM_BETA1_DEFAULT, ADAM_BETA2_DEFAULT, ADAM_EPSILON_DEFAULT);
  }

  /**
   * Adagrad ({@code ApplyAdagrad}, TF 1 has no ε): {@code a ← a + g²; Δx = −lr · g / √a}.
   *
   * @param accumulator a, {@value #ADAGRAD_INITIAL_ACCUMULATOR_DEFAULT} initially in TF,
   *     updated in place
   */
  public static double[] adagradUpdate(double[] grad, double[] accumulator, double lr) {
    sameLength("adagrad", grad, accumulator);
    double[] dx = new double[grad.length];
    for (int i = 0; i < grad.length; i++) {
      accumulator[i] += grad[i] * grad[i];
      dx[i] = -lr * grad[i] / Math.sqrt(accumulator[i]);
    }
    return dx;
  }

  /**
   * RMSProp ({@code ApplyRMSProp} with momentum 0, not centered):
   * {@code ms ← ρ·ms + (1−ρ)·g²; Δx = −lr · g / √(ms + ε)}.
   *
   * @param meanSquare ms, {@value #RMSPROP_INITIAL_MEAN_SQUARE_DEFAULT} initially in TF 1,
   *     updated in place
   */
  public static double[] rmspropUpdate(
      double[] grad, double[] meanSquare, double lr, double decay, double epsilon) {
    sameLength("rmsprop", grad, meanSquare);
    double[] dx = new double[grad.length];
    for (int i = 0; i < grad.length; i++) {
      meanSquare[i] = decay * meanSquare[i] + (1.0 - decay) * grad[i] * grad[i];
      dx[i] = -lr * grad[i] / Math.sqrt(meanSquare[i] + epsilon);
    }
    return dx;
  }

  /** RMSProp with ρ 0.9 and ε 1e-10. */
  public static double[] rmspropUpdate(double[] grad, double[] meanSquare, double lr) {
    return rmspropUpdate(grad, meanSquare, lr, RMSPROP_DECAY_DEFAULT, RMSPROP_EPSILON_DEFAULT);
  }

  /**
   * Nesterov momentum ({@code ApplyMomentum} with {@code use_nesterov}):
   * {@code a ← μ·a + g; Δx = −lr·g − lr·μ·a}.
   *
   * @param accumulator a, zeros initially, updated in place
   */
  public static double[] nesterovUpdate(
      double[] grad, double[] accumulator, double lr, double momentum) {
    sameLength("nag", grad, accumulator);
    double[] dx = new double[grad.length];
    for (int i = 0; i < grad.length; i++) {
      accumulator[i] = momentum * accumulator[i] + grad[i];
      dx[i] = -lr * grad[i] - lr * momentum * accumulator[i];
    }
    return dx;
  }

  /** Nesterov momentum with μ 0.9. */
  public static double[] nesterovUpdate(double[] grad, double[] accumulator, double lr) {
    return nesterovUpdate(grad, accumulator, lr, NAG_MOMENTUM_DEFAULT);
  }

  private static void sameLength(String rule, double[] grad, double[]... slots) {
    for (double[] slot : slots) {
      if (slot.length != grad.length) {
        throw new IllegalArgumentException(
            rule + ": slot has " + slot.length + " entries but the gradient has "
                + grad.length + "; expected one slot entry per parameter");
      }
    }
  }
}
