package org.l2o.engine.problem;

import java.util.Random;

/**
 * Minibatches drawn without replacement: the examples in a fresh random order, taken batch after
 * batch, and shuffled again when they run out. This is how the authors' CIFAR-10 input queue
 * feeds Conv-CIFAR (records read in turn through a shuffling queue), unlike their MNIST problems,
 * which draw every batch uniformly with replacement.
 */
public final class EpochSampler implements BatchSampler {

  private final Random rng;
  private final int batch;
  private final int[] order;
  private int next;

  /** Batches of {@code batch} indices over {@code count} examples, shuffled with {@code rng}. */
  public EpochSampler(Random rng, int count, int batch) {
    if (count < 1 || batch < 1) {
      throw new IllegalArgumentException(
          "an epoch sampler needs >= 1 example and batch >= 1, got " + count + " and " + batch);
    }
    this.rng = rng;
    this.batch = batch;
    this.order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    shuffle();
  }

  private void shuffle() {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    next = 0;
  }

  @Override
  public void next(int steps, int[] out, int offset) {
    for (int i = 0; i < steps * batch; i++) {
      if (next == order.length) {
        shuffle();
      }
      out[offset + i] = order[next++];
    }
  }
}
