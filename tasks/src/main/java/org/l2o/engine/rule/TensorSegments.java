package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceMax;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

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

  TensorSegments(CoordinateLayout layout) {
    if (layout.coordinates() != layout.runs() * layout.paramsPerRun()) {
      throw new IllegalArgumentException(
          "per-tensor state needs unpadded coordinates, got " + layout);
    }
    this.runs = layout.runs();
    this.sizes = layout.tensorSizes();
    this.params = layout.paramsPerRun();
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
    Operand<TFloat32> x3 = tf.reshape(x, tf.constant(new long[] {-1, runs, params}));
    if (sizes.length == 1) {
      return max ? tf.reduceMax(x3, tf.constant(2)) : tf.math.mean(x3, tf.constant(2));
    }
    List<Operand<TFloat32>> parts = new ArrayList<>();
    for (Operand<TFloat32> piece :
        tf.splitV(x3, tf.constant(sizes), tf.constant(2), (long) sizes.length)) {
      parts.add(max
          ? tf.reduceMax(piece, tf.constant(2), ReduceMax.keepDims(true))
          : tf.math.mean(piece, tf.constant(2), Mean.keepDims(true)));
    }
    return tf.reshape(
        tf.concat(parts, tf.constant(2)), tf.constant(new long[] {-1, (long) runs * sizes.length}));
  }

  /** Each tensor's value on all its coordinates: {@code [w, M]} to {@code [w, N]}. */
  Operand<TFloat32> toCoordinates(Ops tf, Operand<TFloat32> y) {
    Operand<TFloat32> y3 = tf.reshape(y, tf.constant(new long[] {-1, runs, sizes.length}));
    Operand<TFloat32> wide;
    if (sizes.length == 1) {
      wide = tf.tile(y3, tf.constant(new int[] {1, 1, params}));
    } else {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      int k = 0;
      for (Operand<TFloat32> col : tf.split(tf.constant(2), y3, (long) sizes.length)) {
        parts.add(tf.tile(col, tf.constant(new int[] {1, 1, sizes[k++]})));
      }
      wide = tf.concat(parts, tf.constant(2));
    }
    return tf.reshape(wide, tf.constant(new long[] {-1, (long) runs * params}));
  }

  /** The mean over all coordinates of each run: {@code [w, N]} to {@code [w, runs]}. */
  Operand<TFloat32> runMean(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(
        tf.reshape(x, tf.constant(new long[] {-1, runs, params})), tf.constant(2));
  }

  /** {@code x [w, N]} minus its run's value of {@code perRun [w, runs]}. */
  Operand<TFloat32> minusRun(Ops tf, Operand<TFloat32> x, Operand<TFloat32> perRun) {
    Operand<TFloat32> d =
        tf.math.sub(
            tf.reshape(x, tf.constant(new long[] {-1, runs, params})),
            tf.reshape(perRun, tf.constant(new long[] {-1, runs, 1})));
    return tf.reshape(d, tf.constant(new long[] {-1, (long) runs * params}));
  }

  /** Each run's value on all its tensors: {@code [w, runs]} to {@code [w, M]}. */
  Operand<TFloat32> runToTensors(Ops tf, Operand<TFloat32> y) {
    if (sizes.length == 1) {
      return y;
    }
    Operand<TFloat32> t =
        tf.tile(
            tf.reshape(y, tf.constant(new long[] {-1, runs, 1})),
            tf.constant(new int[] {1, 1, sizes.length}));
    return tf.reshape(t, tf.constant(new long[] {-1, (long) runs * sizes.length}));
  }

  /** The last tensor of each run: {@code [w, M]} to {@code [w, runs]}. */
  Operand<TFloat32> lastTensor(Ops tf, Operand<TFloat32> y) {
    if (sizes.length == 1) {
      return y;
    }
    Operand<TFloat32> y3 = tf.reshape(y, tf.constant(new long[] {-1, runs, sizes.length}));
    Operand<TFloat32> last =
        tf.slice(
            y3,
            tf.constant(new int[] {0, 0, sizes.length - 1}),
            tf.constant(new int[] {-1, -1, 1}));
    return tf.reshape(last, tf.constant(new long[] {-1, runs}));
  }
}
