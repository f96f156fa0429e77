package org.l2o.engine.program;

import java.util.Random;
import org.l2o.engine.problem.BatchSampler;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.RunSeeds;

/**
 * The Java side of S parallel optimizee runs: their initial parameters, problem instances and
 * minibatch streams, each from its own seed (see {@link RunSeeds}).
 *
 * <p>Minibatches are handed out in rollout-sized pieces that overlap by one: the batch of a
 * piece's final loss is the batch of the next piece's first step, so the sequence of batches a
 * run sees does not depend on how the steps are cut into pieces.
 */
public final class SeededRuns {

  private final Optimizee problem;
  private final long[] seeds;
  private final BatchSampler[] samplers;
  private final double initStddev;
  private int[] carry;

  public SeededRuns(Optimizee problem, long[] seeds) {
    this(problem, seeds, 0);
  }

  /**
   * Runs whose parameters start N(0, {@code initStddev}^2) everywhere (L2O-Scale's authors train
   * from numpy's standard normal), or at the problem's own init when it is 0.
   */
  public SeededRuns(Optimizee problem, long[] seeds, double initStddev) {
    if (!(initStddev >= 0)) {
      throw new IllegalArgumentException("init stddev must be >= 0, got " + initStddev);
    }
    this.initStddev = initStddev;
    if (seeds.length == 0) {
      throw new IllegalArgumentException("at least one seed is needed");
    }
    this.problem = problem;
    this.seeds = seeds.clone();
    this.samplers = new BatchSampler[seeds.length];
    for (int s = 0; s < seeds.length; s++) {
      samplers[s] = problem.batchSampler(RunSeeds.batches(seeds[s]));
    }
  }

  public int count() {
    return seeds.length;
  }

  /** The runs' seeds. */
  public long[] seeds() {
    return seeds.clone();
  }

  /** The initial parameters {@code [S, P]}. */
  public float[] initialTheta() {
    int p = problem.paramCount();
    float[] theta = new float[seeds.length * p];
    for (int s = 0; s < seeds.length; s++) {
      if (initStddev > 0) {
        Random rng = RunSeeds.init(seeds[s]);
        for (int i = 0; i < p; i++) {
          theta[s * p + i] = (float) (initStddev * rng.nextGaussian());
        }
      } else {
        System.arraycopy(problem.initialParams(RunSeeds.init(seeds[s])), 0, theta, s * p, p);
      }
    }
    return theta;
  }

  /** The problem instances {@code [S, I]} (empty for data problems). */
  public float[] instances() {
    int n = problem.instanceSize();
    float[] inst = new float[seeds.length * n];
    if (n > 0) {
      for (int s = 0; s < seeds.length; s++) {
        System.arraycopy(problem.sampleInstance(RunSeeds.instance(seeds[s])), 0, inst, s * n, n);
      }
    }
    return inst;
  }

  /**
   * Indices {@code [steps+1, S, B]} for a rollout of {@code steps} steps: row 0 is the batch left
   * over from the previous piece (drawn fresh the first time), then {@code steps} new draws.
   * Empty for the quadratic.
   */
  public int[] nextBatches(int steps) {
    if (problem.data() == null) {
      return new int[0];
    }
    int n = seeds.length;
    int b = problem.batchSize();
    if (carry == null) {
      carry = new int[n * b];
      int[] one = new int[b];
      for (int s = 0; s < n; s++) {
        samplers[s].next(1, one, 0);
        System.arraycopy(one, 0, carry, s * b, b);
      }
    }
    int[] out = new int[(steps + 1) * n * b];
    System.arraycopy(carry, 0, out, 0, n * b);
    int[] own = new int[steps * b];
    for (int s = 0; s < n; s++) {
      samplers[s].next(steps, own, 0);
      for (int k = 0; k < steps; k++) {
        System.arraycopy(own, k * b, out, ((k + 1) * n + s) * b, b);
      }
    }
    System.arraycopy(out, steps * n * b, carry, 0, n * b);
    return out;
  }
}
