package org.l2o.engine.problem;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TFloating;

/** Small graph idioms shared by the optimizees. */
final class GraphMath {

  private GraphMath() {}

  /** Splits {@code theta [S, P]} along its columns into pieces of the given widths. */
  static <T extends TFloating> List<Operand<T>> splitColumns(
      Ops tf, Operand<T> theta, int[] widths) {
    List<Operand<T>> parts = new ArrayList<>();
    tf.splitV(theta, tf.constant(widths), tf.constant(1), (long) widths.length)
        .forEach(parts::add);
    return parts;
  }

  /** Reshape to the given dimensions. */
  static <T extends TFloating> Operand<T> reshape(Ops tf, Operand<T> x, long... dims) {
    return tf.reshape(x, tf.constant(dims));
  }

  /** Mean over the given axes, dropping them. */
  static <T extends TFloating> Operand<T> mean(Ops tf, Operand<T> x, int... axes) {
    return tf.math.mean(x, tf.constant(axes));
  }

  /** Mean over the given axes, keeping them as size-1 dimensions. */
  static <T extends TFloating> Operand<T> meanKeep(Ops tf, Operand<T> x, int... axes) {
    return tf.math.mean(x, tf.constant(axes), Mean.keepDims(true));
  }

  /** A scalar constant of the graph's float type. */
  static <T extends TFloating> Operand<T> scalar(Ops tf, Class<T> type, double v) {
    return tf.constant(type, v);
  }

  /**
   * Mean softmax cross-entropy per run: {@code logits} and one-hot {@code labels} are
   * {@code [S*B, C]}; the result is {@code [S]}.
   *
   * <p>Written as logsumexp(logits) - sum(labels * logits) from primitive ops rather than TF's
   * fused op, whose C++ gradient builds a float32 constant into float64 graphs (so gradient checks
   * in float64 could not run on the graph that trains). The max subtracted for stability is under
   * a stop-gradient: the result does not depend on it.
   */
  static <T extends TFloating> Operand<T> meanCrossEntropy(
      Ops tf, Operand<T> logits, Operand<T> labels, int seeds, int batch) {
    Operand<T> perExample = crossEntropy(tf, logits, labels);
    return mean(tf, reshape(tf, perExample, seeds, batch), 1);
  }

  /** Softmax cross-entropy of each row of {@code logits [N, C]} against one-hot {@code labels}. */
  static <T extends TFloating> Operand<T> crossEntropy(
      Ops tf, Operand<T> logits, Operand<T> labels) {
    Operand<TInt32> classAxis = tf.constant(new int[] {1});
    Operand<T> max =
        tf.stopGradient(tf.max(logits, classAxis, org.tensorflow.op.core.Max.keepDims(true)));
    Operand<T> shifted = tf.math.sub(logits, max);
    Operand<T> logSumExp = tf.math.log(tf.reduceSum(tf.math.exp(shifted), classAxis));
    Operand<T> picked = tf.reduceSum(tf.math.mul(labels, shifted), classAxis);
    return tf.math.sub(logSumExp, picked);
  }

  static Operand<TInt64> dims(Ops tf, long... dims) {
    return tf.constant(dims);
  }

  static Operand<TInt32> ints(Ops tf, int... v) {
    return tf.constant(v);
  }
}
