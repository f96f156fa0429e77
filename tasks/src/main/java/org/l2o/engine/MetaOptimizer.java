package org.l2o.engine;

/**
 * An optimizer of the learned optimizer's own weights, stepped in Java on fetched meta-gradients:
 * the meta-loss's Adam, the imitation loss's Adam, or another rule a learned optimizer was trained
 * with. Its moments are part of a training checkpoint, so they can be read and restored exactly.
 */
public interface MetaOptimizer {

  /** Applies one step to {@code weights} in place, from gradient {@code grad}. */
  void step(float[] weights, float[] grad);

  /** Steps taken so far. */
  long steps();

  /** A deep copy of the moments and the step count. */
  MomentState state();

  /** Puts back moments that {@link #state()} returned, for the same weight count. */
  void restore(MomentState state);

  /**
   * Whether non-finite gradient elements are part of the rule (made finite before the step, as
   * L2O-Scale's RMSProp does) rather than a sign that the episode diverged.
   */
  default boolean sanitizesGradients() {
    return false;
  }
}
