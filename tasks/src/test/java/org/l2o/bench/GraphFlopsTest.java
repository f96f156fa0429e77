package org.l2o.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/** FLOP counts of small graphs against hand counts under the documented conventions. */
class GraphFlopsTest {

  @Test
  void countsWhatTheFetchesNeedByTheConventions() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3, 4)));
      Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(5, 4)));
      // [3,4] x [5,4]^T = [3,5]: 2*3*4*5 = 120.
      Operand<TFloat32> z = tf.linalg.matMul(a, b, MatMul.transposeB(true));
      // 15 sigmoid elements (transcendental), 15 multiplies, a 3-way AddN over 15 elements
      // (2 * 15 = 30), a sum over 15 inputs, and a concat (free).
      Operand<TFloat32> s = tf.math.sigmoid(z);
      Operand<TFloat32> m = tf.math.mul(s, z);
      Operand<TFloat32> n = tf.math.addN(List.of(s, m, z));
      Operand<TFloat32> c = tf.concat(List.of(n, n), tf.constant(0));
      Operand<TFloat32> total = tf.reduceSum(c, tf.constant(new int[] {0, 1}));
      // Not fetched: must not count.
      tf.linalg.matMul(b, a, MatMul.transposeB(true));

      GraphFlops.Count count = GraphFlops.count(List.of(total));

      assertThat(count.matmulFlops()).isEqualTo(2L * 3 * 4 * 5);
      assertThat(count.transcendentals()).isEqualTo(15);
      // sigmoid 15 + mul 15 + AddN 2*15 + sum over the [6,5] concat 30.
      assertThat(count.elementwiseFlops()).isEqualTo(15 + 15 + 30 + 30);
      assertThat(count.total()).isEqualTo(120 + 90);
      assertThat(count.unknownShapes()).isZero();
    }
  }

  @Test
  void transposedLeftOperandAndBatchProductsUseTheContractedDimension() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> w = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(7, 2)));
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(7, 9)));
      // w^T x: [2,7] x [7,9] = 2*2*7*9.
      Operand<TFloat32> y = tf.linalg.matMul(w, x, MatMul.transposeA(true));
      Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(6, 3, 4)));
      Placeholder<TFloat32> q = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(6, 4, 1)));
      // 6 products [3,4] x [4,1]: 6*2*3*4*1.
      Operand<TFloat32> r = tf.train.batchMatMul(p, q, TFloat32.class);

      GraphFlops.Count count = GraphFlops.count(List.of(y, r));

      assertThat(count.matmulFlops()).isEqualTo(2L * 2 * 7 * 9 + 6L * 2 * 3 * 4);
      assertThat(count.elementwiseFlops()).isZero();
    }
  }
}
