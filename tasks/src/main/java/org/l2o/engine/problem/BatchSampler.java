package org.l2o.engine.problem;

/**
 * One run's stream of minibatch indices into its dataset: {@code next} appends {@code steps}
 * batches of the problem's batch size to {@code out} at {@code offset}.
 */
@FunctionalInterface
public interface BatchSampler {

  void next(int steps, int[] out, int offset);
}
