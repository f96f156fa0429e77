package org.l2o.engine.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.l2o.engine.ProblemName;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.graph.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Parameter counts of the paper and the batched (several runs) graph path. */
class OptimizeeShapeTest {

  @Test
  void parameterCountsMatchThePaper() {
    assertThat(OptimizeeGradientTest.optimizee(ProblemName.MLP_ORIG).paramCount()).isEqualTo(15_910);
    assertThat(OptimizeeGradientTest.optimizee(ProblemName.MLP_RELU).paramCount()).isEqualTo(15_910);
    assertThat(OptimizeeGradientTest.optimizee(ProblemName.MLP_DEEPER).paramCount()).isEqualTo(16_330);
    // ~18.2k and ~13.7k in the paper.
    assertThat(OptimizeeGradientTest.optimizee(ProblemName.CONV_MNIST).paramCount()).isEqualTo(18_218);
    assertThat(OptimizeeGradientTest.optimizee(ProblemName.CONV_CIFAR).paramCount()).isEqualTo(13_706);
    assertThat(OptimizeeGradientTest.optimizee(ProblemName.QUADRATIC).paramCount()).isEqualTo(1_280);
  }

  @ParameterizedTest
  @EnumSource(ProblemName.class)
  void namedTensorsCoverTheParametersInOrder(ProblemName name) {
    Optimizee o = OptimizeeGradientTest.optimizee(name);
    int next = 0;
    for (TensorSlice t : o.tensors()) {
      assertThat(t.offset()).as("%s %s starts where the previous one ends", name, t).isEqualTo(next);
      next += t.size();
    }
    assertThat(next).isEqualTo(o.paramCount());
  }

  @Test
  void mlpOrigTensorsAreTheAuthorsW1B1W2B2() {
    assertThat(OptimizeeGradientTest.optimizee(ProblemName.MLP_ORIG).tensors())
        .extracting(TensorSlice::toString)
        .containsExactly("w1[784, 20]@0", "b1[20]@15680", "w2[20, 10]@15700", "b2[10]@15900");
  }

  @Test
  void initialLossOfMlpIsNearLogOfClassCount() {
    // With N(0, 0.01^2) weights the logits are ~0, so the loss is ~ln(10).
    float loss = losses(OptimizeeGradientTest.optimizee(ProblemName.MLP_ORIG), 1)[0];
    assertThat((double) loss).isCloseTo(Math.log(10), within(0.01));
  }

  @ParameterizedTest
  @EnumSource(ProblemName.class)
  void batchedLossesMatchSingleRunLosses(ProblemName name) {
    Optimizee o = OptimizeeGradientTest.optimizee(name);
    float[] batched = losses(o, 3);
    for (int s = 0; s < 3; s++) {
      float single = lossOfRun(o, s);
      assertThat((double) batched[s])
          .as("%s run %d batched vs alone", name, s)
          .isCloseTo(single, within(1e-5 * Math.max(1, Math.abs(single))));
    }
  }

  /** Losses of S runs with seeds 0..S-1 evaluated in one batched graph. */
  private static float[] losses(Optimizee o, int seeds) {
    return evaluate(o, seeds, 0);
  }

  private static float lossOfRun(Optimizee o, int seed) {
    return evaluate(o, 1, seed)[0];
  }

  private static float[] evaluate(Optimizee o, int seeds, int firstSeed) {
    int p = o.paramCount();
    int b = o.batchSize();
    float[] theta = new float[seeds * p];
    int[] batch = new int[seeds * b];
    int inst = Math.max(1, o.instanceSize());
    float[] instance = new float[seeds * inst];
    for (int s = 0; s < seeds; s++) {
      long seed = firstSeed + s;
      System.arraycopy(o.initialParams(RunSeeds.init(seed)), 0, theta, s * p, p);
      o.sampleBatches(RunSeeds.batches(seed), 1, batch, s * b);
      if (o.instanceSize() > 0) {
        System.arraycopy(o.sampleInstance(RunSeeds.instance(seed)), 0, instance, s * inst, inst);
      }
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, o);
      Placeholder<TFloat32> th = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(seeds, p)));
      Placeholder<TInt32> bi = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(seeds, b)));
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(seeds, inst)));
      Operand<TFloat32> loss =
          pg.losses(tf, th, seeds, bi, o.instanceSize() > 0 ? in : null, TFloat32.class);
      try (Session s = Sessions.open(g, 1)) {
        pg.load(s);
        try (Feeds f = new Feeds(s)) {
          f.floats(th, theta, seeds, p).ints(bi, batch, seeds, b).floats(in, instance, seeds, inst);
          try (Result r = f.fetch(loss).run()) {
            float[] out = Tensors.toFloats(r.get(0));
            assertThat(out).hasSize(seeds);
            return out;
          }
        }
      }
    }
  }

  @Test
  void sampleBatchesDrawsIndicesInRange() {
    Optimizee o = OptimizeeGradientTest.optimizee(ProblemName.MLP_ORIG);
    int[] idx = new int[5 * o.batchSize()];
    o.sampleBatches(new Random(1), 5, idx, 0);
    assertThat(java.util.Arrays.stream(idx).min().getAsInt()).isGreaterThanOrEqualTo(0);
    assertThat(java.util.Arrays.stream(idx).max().getAsInt()).isLessThan(o.data().count());
    // With replacement from 300 examples, 640 draws must repeat some index.
    assertThat(java.util.Arrays.stream(idx).distinct().count()).isLessThan(idx.length);
  }

  @ParameterizedTest
  @EnumSource(value = ProblemName.class, names = {"CONV_MNIST", "CONV_CIFAR"})
  void convNetsStartWithUnitBatchNormScalesAndZeroBiases(ProblemName name) {
    Optimizee o = OptimizeeGradientTest.optimizee(name);
    float[] theta = o.initialParams(new Random(2));
    int c = name == ProblemName.CONV_MNIST ? 1 : 3;
    // k1, b1, gamma1, beta1, k2, b2, gamma2, beta2, W_fc, b_fc
    int k1 = 3 * 3 * c * 16;
    int k2 = 5 * 5 * 16 * 32;
    int[] widths = {k1, 16, 16, 16, k2, 32, 32, 32, o.paramCount() - k1 - 48 - k2 - 96 - 10, 10};
    int off = 0;
    for (int i = 0; i < widths.length; i++) {
      float[] part = java.util.Arrays.copyOfRange(theta, off, off + widths[i]);
      switch (i) {
        case 2, 6 -> assertThat(part).as("gamma %d", i).containsOnly(1f);
        case 1, 3, 5, 7, 9 -> assertThat(part).as("bias or offset %d", i).containsOnly(0f);
        default -> {
          double sq = 0;
          for (float x : part) {
            sq += x * x;
          }
          assertThat(Math.sqrt(sq / part.length)).as("weights %d are N(0, 0.01^2)", i)
              .isCloseTo(0.01, within(0.002));
        }
      }
      off += widths[i];
    }
    assertThat(off).isEqualTo(o.paramCount());
  }

  @Test
  void convCifarDrawsEachEpochWithoutReplacementAndTheMlpsWithReplacement() {
    Optimizee cifar = OptimizeeGradientTest.optimizee(ProblemName.CONV_CIFAR);
    int n = cifar.data().count(); // 300 synthetic images
    int b = cifar.batchSize();
    BatchSampler s = cifar.batchSampler(new Random(4));
    int[] idx = new int[3 * n];
    // 3 epochs' worth, asked for in uneven pieces
    int done = 0;
    int[] piece = new int[7 * b];
    while (done < idx.length) {
      s.next(7, piece, 0);
      int take = Math.min(piece.length, idx.length - done);
      System.arraycopy(piece, 0, idx, done, take);
      done += take;
    }
    for (int e = 0; e < 3; e++) {
      int[] epoch = java.util.Arrays.copyOfRange(idx, e * n, (e + 1) * n);
      assertThat(java.util.Arrays.stream(epoch).sorted().toArray())
          .as("epoch %d holds every example once", e)
          .isEqualTo(java.util.stream.IntStream.range(0, n).toArray());
    }
    assertThat(java.util.Arrays.copyOfRange(idx, 0, n))
        .as("a new epoch is a new order").isNotEqualTo(java.util.Arrays.copyOfRange(idx, n, 2 * n));

    Optimizee mlp = OptimizeeGradientTest.optimizee(ProblemName.MLP_ORIG);
    int[] many = new int[2 * mlp.data().count()];
    mlp.batchSampler(new Random(4)).next(many.length / mlp.batchSize(), many, 0);
    assertThat(java.util.Arrays.stream(many, 0, mlp.data().count()).distinct().count())
        .as("uniform with replacement repeats examples within an epoch's worth")
        .isLessThan(mlp.data().count());
  }
}
