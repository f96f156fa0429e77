package org.l2o.engine.training;

import java.util.Random;
import org.l2o.engine.problem.Optimizee;

/**
 * The data of one L2O-Scale training episode as the authors' {@code metaopt.py} draws it: every
 * unroll gets a fresh random subset of E training examples (without replacement), on which the
 * meta-objective F is computed at every step; the minibatches are positions in the subset, taken
 * as shuffled epochs of floor(E / B) batches of B that run on across the episode's unrolls (so
 * each unroll's batches index its own subset).
 */
public final class ObjectiveSubsets {

  /** One unroll's data: minibatch indices {@code [K+1, 1, B]} and its subset's {@code [1, E]}. */
  public record Unroll(int[] batches, int[] examples) {}

  private final int count;
  private final int examples;
  private final int batch;
  private final Random rng;
  private final int[] positions;
  private final int[] all;
  private int cursor;

  /**
   * Subsets of {@code examples} of {@code problem}'s examples (all of them if fewer), drawn from
   * {@code rng}.
   */
  public ObjectiveSubsets(Optimizee problem, int examples, Random rng) {
    if (problem.data() == null) {
      throw new IllegalArgumentException(problem.name().id() + " has no examples to draw from");
    }
    this.count = problem.data().count();
    this.examples = Math.min(examples, count);
    this.batch = problem.batchSize();
    if (this.examples < batch) {
      throw new IllegalArgumentException(
          "an objective subset of " + this.examples + " examples cannot hold a minibatch of "
              + batch);
    }
    this.rng = rng;
    this.positions = new int[this.examples];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = i;
    }
    this.all = new int[count];
    for (int i = 0; i < count; i++) {
      all[i] = i;
    }
    this.cursor = positions.length; // the first batch starts a pass
  }

  /** Examples per subset. */
  public int examples() {
    return examples;
  }

  /**
   * The next unroll of {@code steps} steps: a fresh subset and {@code steps} minibatches of the
   * epoch stream; the extra last batch (for the loss after the final step, which the objective
   * does not use) is the stream's next one, not consumed.
   */
  public Unroll next(int steps) {
    // A partial Fisher-Yates shuffle picks the subset without replacement.
    int[] subset = new int[examples];
    for (int i = 0; i < examples; i++) {
      int j = i + rng.nextInt(count - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
      subset[i] = all[i];
    }
    int[] batches = new int[(steps + 1) * batch];
    for (int k = 0; k <= steps; k++) {
      if (cursor + batch > (examples / batch) * batch) {
        shuffle();
      }
      for (int b = 0; b < batch; b++) {
        batches[k * batch + b] = subset[positions[cursor + b]];
      }
      if (k < steps) {
        cursor += batch;
      }
    }
    return new Unroll(batches, subset);
  }

  private void shuffle() {
    for (int i = positions.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = positions[i];
      positions[i] = positions[j];
      positions[j] = t;
    }
    cursor = 0;
  }

  @Override
  public String toString() {
    return "ObjectiveSubsets[" + examples + " of " + count + " examples, batch " + batch + "]";
  }
}
