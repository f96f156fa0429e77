package org.l2o.engine.problem;

import java.util.List;
import java.util.Random;
import org.l2o.engine.ProblemName;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The quadratic of L2O-DM: a batch of {@code rows} independent problems, f = mean over r of
 * ||W_r x_r - y_r||^2 with each x_r in R^dims, and W_r, y_r drawn U[0,1) once per run (per
 * episode). "Mean over a batch of 128 of ||Wx - y||^2, x in R^10" is read as the authors' code
 * reads it: every row has its own x (so a run has rows x dims = 1,280 parameters and the minimum
 * is 0), rather than one shared x, which would make an overdetermined least-squares problem whose
 * large residual floor hides any difference between optimizers.
 *
 * <p>Parameters: x as {@code [rows, dims]} row-major, starting N(0, 0.01^2). Instance per run: W as
 * {@code [rows, dims, dims]} row-major, then y as {@code [rows, dims]}. There is no minibatch
 * noise: every step sees the whole instance.
 */
public final class Quadratic extends Optimizee {

  /** The dimension of each x_r. */
  public static final int DIMS_DEFAULT = 10;

  private final int dims;

  public Quadratic(int rows, int dims) {
    super(rows, null);
    if (dims <= 0) {
      throw new IllegalArgumentException("quadratic dims must be > 0, got " + dims);
    }
    this.dims = dims;
  }

  @Override
  public ProblemName name() {
    return ProblemName.QUADRATIC;
  }

  @Override
  public int paramCount() {
    return rows() * dims;
  }

  /** Independent problems per run (the paper's batch of 128). */
  public int rows() {
    return batchSize();
  }

  public int dims() {
    return dims;
  }

  /** One tensor, x {@code [rows, dims]}. */
  @Override
  public List<TensorSlice> tensors() {
    return List.of(new TensorSlice("x", 0, new long[] {rows(), dims}));
  }

  @Override
  public int instanceSize() {
    return rows() * dims * dims + rows() * dims;
  }

  @Override
  public float[] sampleInstance(Random rng) {
    float[] inst = new float[instanceSize()];
    for (int i = 0; i < inst.length; i++) {
      inst[i] = rng.nextFloat();
    }
    return inst;
  }

  @Override
  public float[] initialParams(Random rng) {
    float[] x = new float[paramCount()];
    gaussian(rng, x, 0, x.length);
    return x;
  }

  @Override
  public <T extends TFloating> Operand<T> buildLosses(
      Ops tf, Operand<T> theta, ProblemInputs<T> in, Class<T> type) {
    int s = in.seeds();
    long r = rows();
    List<Operand<T>> parts =
        GraphMath.splitColumns(
            tf, in.instance(), new int[] {(int) r * dims * dims, (int) r * dims});
    Operand<T> w = GraphMath.reshape(tf, parts.get(0), s * r, dims, dims);
    Operand<T> x = GraphMath.reshape(tf, theta, s * r, dims, 1);
    Operand<T> residual =
        tf.math.sub(
            GraphMath.reshape(tf, tf.train.batchMatMul(w, x, type), s, r, dims),
            GraphMath.reshape(tf, parts.get(1), s, r, dims));
    Operand<T> perRow = tf.reduceSum(tf.math.square(residual), tf.constant(2));
    return GraphMath.mean(tf, perRow, 1);
  }

  @Override
  public String toString() {
    return "quadratic[rows=" + rows() + ", dims=" + dims + ", params=" + paramCount() + "]";
  }
}
