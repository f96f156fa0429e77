package org.l2o.engine.problem;

import java.util.List;
import java.util.Random;
import org.l2o.data.Dataset;
import org.l2o.engine.ProblemName;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A problem a learned optimizer trains: a loss over one flat parameter vector.
 *
 * <p>Parameters are one flat vector per run so that the optimizer sees coordinates, not layers: the
 * coordinatewise LSTM then runs on all of them as one batch. Losses are built for {@code S}
 * parallel runs at once ({@code theta} is {@code [S, P]}, the result {@code [S]}); runs never mix,
 * so the gradient of the summed loss is each run's own gradient.
 *
 * <p>Subclasses give the Java side (sizes, the seeded init) and the graph side ({@link
 * #buildLosses}); the graph side is generic in the float type so that gradient checks can run in
 * float64.
 */
public abstract class Optimizee {

  /** The minibatch size of the paper. */
  public static final int BATCH_SIZE_DEFAULT = 128;

  /** Standard deviation of the N(0, sigma^2) init of every weight. */
  public static final double INIT_STDDEV = 0.01;

  private final int batchSize;
  private final Dataset data;

  protected Optimizee(int batchSize, Dataset data) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be > 0, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.data = data;
  }

  /** Which problem this is. */
  public abstract ProblemName name();

  /** Number of parameters of one run. */
  public abstract int paramCount();

  /**
   * The named tensors of the flat parameter vector, in order, covering it exactly (the last one
   * ends at {@link #paramCount()}).
   */
  public abstract List<TensorSlice> tensors();

  /** The sizes of {@link #tensors()}, in order. */
  public int[] tensorSizes() {
    return tensors().stream().mapToInt(TensorSlice::size).toArray();
  }

  /** The initial parameters of one run, drawn from {@code rng}. */
  public abstract float[] initialParams(Random rng);

  /**
   * The per-run losses {@code [S]} for parameters {@code theta [S, P]} on {@code in}.
   * The result must depend on run s only through row s of {@code theta}.
   */
  public abstract <T extends TFloating> Operand<T> buildLosses(
      Ops tf, Operand<T> theta, ProblemInputs<T> in, Class<T> type);

  /** Examples per minibatch (rows of the quadratic). */
  public int batchSize() {
    return batchSize;
  }

  /** The dataset minibatches are drawn from, or null for the quadratic. */
  public Dataset data() {
    return data;
  }

  /** Floats of per-run instance data (the quadratic's W and y); 0 for data problems. */
  public int instanceSize() {
    return 0;
  }

  /** Draws one run's instance data. */
  public float[] sampleInstance(Random rng) {
    return new float[0];
  }

  /**
   * Appends {@code steps} minibatches of indices for one run to {@code out} at {@code offset}
   * (uniform, with replacement). The quadratic draws nothing.
   */
  public void sampleBatches(Random rng, int steps, int[] out, int offset) {
    if (data == null) {
      return;
    }
    int n = data.count();
    for (int i = 0; i < steps * batchSize; i++) {
      out[offset + i] = rng.nextInt(n);
    }
  }

  /**
   * A run's minibatch stream drawing from {@code rng}: uniform with replacement (the authors'
   * MNIST problems), unless a problem draws otherwise.
   */
  public BatchSampler batchSampler(Random rng) {
    return (steps, out, offset) -> sampleBatches(rng, steps, out, offset);
  }

  /** Fills {@code out[from, to)} with N(0, INIT_STDDEV^2) draws. */
  protected static void gaussian(Random rng, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      out[i] = (float) (rng.nextGaussian() * INIT_STDDEV);
    }
  }

  @Override
  public String toString() {
    return name().id() + "[params=" + paramCount() + ", batch=" + batchSize
        + (data == null ? "" : ", data=" + data) + "]";
  }
}
