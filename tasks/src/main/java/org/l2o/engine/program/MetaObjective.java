package org.l2o.engine.program;

/**
 * What a meta-loss unroll of K steps differentiates with respect to the optimizer's weights.
 *
 * <ul>
 *   <li>{@link SummedLosses} (L2O-DM): the sum over steps 1..K and runs of the minibatch losses.
 *   <li>{@link LogRatio} (L2O-Scale as the paper's authors ran it, {@code use_log_objective}): F is
 *       the loss over a fixed set of {@code examples} examples per unroll (the minibatch loss of
 *       each step when 0, or for a problem without data), f0 the episode's F at its initial
 *       parameters, and the loss is (1/(K+1)) sum of ln(F/(f0 + 1e-6) + 1e-6) over the K+1
 *       values the authors' code collects: F(theta_0) at the unroll start, then F(theta_t) before
 *       each step t = 0..K-1 (so F(theta_0) twice and F(theta_K) not at all), summed over runs.
 * </ul>
 */
public sealed interface MetaObjective {

  /** L2O-DM's meta-loss. */
  MetaObjective SUMMED_LOSSES = new SummedLosses();

  /** The sum of the minibatch losses at steps 1..K. */
  record SummedLosses() implements MetaObjective {
    @Override
    public String toString() {
      return "summed-losses";
    }
  }

  /**
   * The log-ratio objective on {@code examples} examples per unroll (0: each step's minibatch).
   */
  record LogRatio(int examples) implements MetaObjective {

    /** The epsilon in the denominator and inside the log. */
    public static final float EPS = 1e-6f;

    /** The authors' objective subset: 10,000 training images per unroll. */
    public static final int EXAMPLES_DEFAULT = 10_000;

    public LogRatio {
      if (examples < 0) {
        throw new IllegalArgumentException(
            "the log-ratio objective needs examples >= 0 (0 = each step's minibatch), got "
                + examples);
      }
    }

    @Override
    public String toString() {
      return "log-ratio[examples=" + examples + "]";
    }
  }
}
