package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Per-tensor and per-run reductions and broadcasts over feature-major coordinate tensors
 * {@code [w, N]} of a {@link CoordinateLayout} without padding (N = runs x P).
 *
 * <p>Per-tensor results are {@code [w, M]} with M = runs x tensors, run-major (column {@code s * K
 * + k} is tensor k of run s); per-run results are {@code [w, runs]}. Everything is built from
 * Reshape, SplitV, Mean, Tile, Concat and Slice, which all have gradients in TF's C API, and
 * costs O(tensors) ops whatever the number of runs.
 */
final class TensorSegments {

  private final int runs;
  private final int[] sizes;
  private final int params;
  // Shape and axis constants, made once per bind rather than once per step: a 20-step unroll
  // would otherwise carry thousands of Const ops, each scheduled on every run.
  private final Operand<TInt64> perRunShape;
  private final Operand<TInt64> perTensorShape;
  private final Operand<TInt64> tensorColumns;
  private final Operand<TInt64> coordinateColumns;
  private final Operand<TInt64> runColumnShape;
  private final Operand<TInt64> runColumns;
  private final Operand<TInt32> sizesConst;
  private final Operand<TInt32> axis2;
  private final List<Operand<TInt32>> tiles = new ArrayList<>();
  private final Operand<TInt32> tileTensors;
  private final Operand<TInt32> lastBegin;
  private final Operand<TInt32> lastSize;

  /** Segments of {@code layout}, with their constants built in the graph of {@code tf}. */
  TensorSegments(Ops tf, CoordinateLayout layout) {
    if (layout.coordinates() != layout.runs() * layout.paramsPerRun()) {
      throw new IllegalArgumentException(
          "per-tensor state needs unpadded coordinates, got " + layout);
    }
    this.runs = layout.runs();
    this.sizes = layout.tensorSizes();
    this.params = layout.paramsPerRun();
    long k = sizes.length;
    perRunShape = tf.constant(new long[] {-1, runs, params});
    perTensorShape = tf.constant(new long[] {-1, runs, k});
    tensorColumns = tf.constant(new long[] {-1, runs * k});
    coordinateColumns = tf.constant(new long[] {-1, (long) runs * params});
    runColumnShape = tf.constant(new long[] {-1, runs, 1});
    runColumns = tf.constant(new long[] {-1, runs});
    sizesConst = tf.constant(sizes);
    axis2 = tf.constant(2);
    for (int n : sizes) {
      tiles.add(tf.constant(new int[] {1, 1, n}));
    }
    tileTensors = tf.constant(new int[] {1, 1, sizes.length});
    lastBegin = tf.constant(new int[] {0, 0, sizes.length - 1});
    lastSize = tf.constant(new int[] {-1, -1, 1});
  }

  int tensors() {
    return sizes.length;
  }

  /** The mean over each tensor of each run: {@code [w, N]} to {@code [w, M]}. */
  Operand<TFloat32> mean(Ops tf, Operand<TFloat32> x) {
    return reduce(tf, x, false);
  }

  /** The maximum over each tensor of each run: {@code [w, N]} to {@code [w, M]}. */
  Operand<TFloat32> max(Ops tf, Operand<TFloat32> x) {
    return reduce(tf, x, true);
  }

  private Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> x, boolean max) {
    Operand<TFloat32> x3 = tf.reshape(x, perRunShape);
    if (sizes.length == 1) {
      return max ? tf.reduceMax(x3, axis2) : tf.math.mean(x3, axis2);
    }
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Operand<TFloat32> piece : tf.splitV(x3, sizesConst, axis2, (long) sizes.length)) {
      parts.add(max
          ? tf.reduceMax(piece, axis2, ReduceMax.keepDims(true))
          : tf.math.mean(piece, axis2, Mean.keepDims(true)));
    }
    return tf.reshape(tf.concat(parts, axis2), tensorColumns);
  }

  /** Each tensor's value on all its coordinates: {@code [w, M]} to {@code [w, N]}. */
  Operand<TFloat32> toCoordinates(Ops tf, Operand<TFloat32> y) {
    Operand<TFloat32> y3 = tf.reshape(y, perTensorShape);
    Operand<TFloat32> wide;
    if (sizes.length == 1) {
      wide = tf.tile(y3, tiles.get(0));
    } else {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      int k = 0;
      for (Operand<TFloat32> col : tf.split(axis2, y3, (long) sizes.length)) {
        parts.add(tf.tile(col, tiles.get(k++)));
      }
      wide = tf.concat(parts, axis2);
    }
    return tf.reshape(wide, coordinateColumns);
  }

  /** The mean over all coordinates of each run: {@code [w, N]} to {@code [w, runs]}. */
  Operand<TFloat32> runMean(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(tf.reshape(x, perRunShape), axis2);
  }

  /** {@code x [w, N]} minus its run's value of {@code perRun [w, runs]}. */
  Operand<TFloat32> minusRun(Ops tf, Operand<TFloat32> x, Operand<TFloat32> perRun) {
    Operand<TFloat32> d =
        tf.math.sub(tf.reshape(x, perRunShape), tf.reshape(perRun, runColumnShape));
    return tf.reshape(d, coordinateColumns);
  }

  /** Each run's value on all its tensors: {@code [w, runs]} to {@code [w, M]}. */
  Operand<TFloat32> runToTensors(Ops tf, Operand<TFloat32> y) {
    if (sizes.length == 1) {
      return y;
    }
    return tf.reshape(tf.tile(tf.reshape(y, runColumnShape), tileTensors), tensorColumns);
  }

  /** The last tensor of each run: {@code [w, M]} to {@code [w, runs]}. */
  Operand<TFloat32> lastTensor(Ops tf, Operand<TFloat32> y) {
    if (sizes.length == 1) {
      return y;
    }
    Operand<TFloat32> last = tf.slice(tf.reshape(y, perTensorShape), lastBegin, lastSize);
    return tf.reshape(last, runColumns);
  }
}
