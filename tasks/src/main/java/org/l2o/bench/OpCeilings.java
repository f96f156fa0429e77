package org.l2o.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Sessions;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * How fast TF runs the engine's building blocks on this machine when nothing else is in the way:
 * one op type on one shape, {@link #COPIES} of it per session call (so per-call overhead
 * vanishes), median over repetitions. Products are independent copies (inter-op threads can run
 * them side by side); elementwise ops form a chain on cache-hot data, as in the LSTM.
 *
 * <p>These are the ceilings the engine's achieved GFLOP/s is compared with: the LSTM's gate
 * products ({@code [4H, in+H+1] x [in+H+1, n]}, feature-major as the engine computes them) and
 * a square 1024 product (what the CPU reaches with TF's best case); and the per-element time of
 * the LSTM's activations and of a plain multiply.
 */
public final class OpCeilings {

  /** Independent op copies per call. */
  public static final int COPIES = 16;

  /** One measured ceiling; {@code gflops} for products, {@code nsPerElement} for elementwise ops. */
  public record Ceiling(String op, String shape, int threads, double gflops, double nsPerElement) {}

  private OpCeilings() {}

  /** One link of an elementwise chain: the next value from the previous one and the input. */
  private interface Link {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> previous, Operand<TFloat32> input);
  }

  /**
   * Gate products of both LSTM layers (L2O-DM's 2 inputs, {@code hidden} units) over
   * {@code coords} coordinates, a 1024 square product, and Sigmoid, Tanh and Mul on
   * {@code [hidden, coords]}, each with {@code threads} threads.
   */
  public static List<Ceiling> measure(int hidden, int coords, int threads, int reps) {
    List<Ceiling> out = new ArrayList<>();
    int g = 4 * hidden;
    out.add(matMul(g, 2 + hidden + 1, coords, threads, reps));
    out.add(matMul(g, 2 * hidden + 1, coords, threads, reps));
    out.add(matMul(1024, 1024, 1024, threads, reps));
    out.add(elementwise("Sigmoid", hidden, coords, threads, reps, (tf, y, x) -> tf.math.sigmoid(y)));
    out.add(elementwise("Tanh", hidden, coords, threads, reps, (tf, y, x) -> tf.math.tanh(y)));
    out.add(elementwise("Mul", hidden, coords, threads, reps, (tf, y, x) -> tf.math.mul(y, x)));
    return out;
  }

  private static Ceiling matMul(int m, int k, int n, int threads, int reps) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      // Each copy gets its own left operand: identical ops would be merged by TF's common
      // subexpression elimination and run once.
      List<Placeholder<TFloat32>> as = new ArrayList<>();
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(k, n)));
      List<Operand<TFloat32>> ops = new ArrayList<>();
      for (int c = 0; c < COPIES; c++) {
        Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(m, k)));
        as.add(a);
        ops.add(tf.linalg.matMul(a, b));
      }
      float[] bv = random(k * n, 0);
      float[][] av = new float[COPIES][];
      for (int c = 0; c < COPIES; c++) {
        av[c] = random(m * k, c + 1);
      }
      double seconds =
          time(
              graph, threads, reps, ops,
              f -> {
                f.floats(b, bv, k, n);
                for (int c = 0; c < COPIES; c++) {
                  f.floats(as.get(c), av[c], m, k);
                }
              });
      double flops = 2.0 * m * k * n * COPIES;
      return new Ceiling(
          "MatMul", "[" + m + "," + k + "]x[" + k + "," + n + "]", threads, flops / seconds / 1e9,
          Double.NaN);
    }
  }

  private static Ceiling elementwise(
      String name,
      int rows,
      int cols,
      int threads,
      int reps,
      Link op) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(rows, cols)));
      // A chain, each op reading what the previous one just wrote (cache-hot, as in the LSTM);
      // chained ops are distinct, so TF cannot merge them.
      Operand<TFloat32> y = x;
      for (int c = 0; c < COPIES; c++) {
        y = op.apply(tf, y, x);
      }
      float[] values = new float[rows * cols];
      Random rng = new Random(1);
      for (int i = 0; i < values.length; i++) {
        // Near 1, so that a chain of 16 products neither overflows nor turns denormal.
        values[i] = 1f + 0.01f * (2 * rng.nextFloat() - 1);
      }
      double seconds =
          time(graph, threads, reps, List.of(y), f -> f.floats(x, values, rows, cols));
      double elements = (double) rows * cols * COPIES;
      return new Ceiling(
          name, "[" + rows + "," + cols + "]", threads, elements / seconds / 1e9,
          seconds / elements * 1e9);
    }
  }

  /** Median seconds per call that runs all {@code ops} (as targets: nothing is copied out). */
  private static double time(
      Graph graph,
      int threads,
      int reps,
      List<Operand<TFloat32>> ops,
      java.util.function.Consumer<Feeds> inputs) {
    try (Session s = Sessions.open(graph, threads)) {
      double[] t = new double[Math.max(1, reps)];
      for (int r = -2; r < t.length; r++) {
        try (Feeds f = new Feeds(s)) {
          inputs.accept(f);
          ops.forEach(f::target);
          long t0 = System.nanoTime();
          f.run().close();
          long t1 = System.nanoTime();
          if (r >= 0) {
            t[r] = (t1 - t0) / 1e9;
          }
        }
      }
      Arrays.sort(t);
      return t[t.length / 2];
    }
  }

  private static float[] random(int n, long seed) {
    Random rng = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rng.nextGaussian();
    }
    return v;
  }
}
