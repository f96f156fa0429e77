package org.l2o.engine.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.l2o.data.Dataset;
import org.l2o.engine.ProblemName;
import org.l2o.data.SyntheticImages;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.graph.Tensors;
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
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * The TF gradient of every optimizee's loss matches central finite differences of the same graph
 * in float64, on synthetic data.
 */
class OptimizeeGradientTest {

  /** Central-difference step; small enough that a ReLU kink is rarely straddled. */
  private static final double H = 1e-6;
  /** |fd - tf| <= REL * max(|tf|, |fd|) + ABS: float64 round-off of the FD is ~1e-16/H = 1e-10. */
  private static final double REL = 1e-5;
  private static final double ABS = 1e-8;
  private static final int COORDS = 24;

  static Optimizee optimizee(ProblemName name) {
    Dataset data =
        switch (name) {
          case CONV_CIFAR -> SyntheticImages.cifarLike(300, 11);
          case QUADRATIC -> null;
          default -> SyntheticImages.mnistLike(300, 11);
        };
    return Optimizees.create(name, data, 128);
  }

  @ParameterizedTest
  @EnumSource(ProblemName.class)
  void tfGradientMatchesCentralDifferences(ProblemName name) {
    Optimizee o = optimizee(name);
    int p = o.paramCount();
    Random rng = new Random(3);
    double[] theta = new double[p];
    float[] init = o.initialParams(new Random(5));
    for (int i = 0; i < p; i++) {
      // Away from the init's symmetric point so that every unit and filter is exercised.
      theta[i] = init[i] + 0.05 * rng.nextGaussian();
    }
    int[] batch = new int[o.batchSize()];
    o.sampleBatches(new Random(9), 1, batch, 0);
    float[] instance = o.sampleInstance(new Random(13));

    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, o);
      Placeholder<TFloat64> th =
          tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(1, p)));
      Placeholder<TInt32> b =
          tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(1, o.batchSize())));
      Placeholder<TFloat32> inst =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, Math.max(1, o.instanceSize()))));
      Operand<TFloat64> loss =
          tf.reduceSum(pg.losses(tf, th, 1, b, o.instanceSize() > 0 ? inst : null, TFloat64.class),
              tf.constant(0));
      Operand<TFloat64> grad = tf.gradients(loss, List.of(th)).dy(0);
      try (Session s = Sessions.open(g, 1)) {
        pg.load(s);
        double[] tfGrad = run(s, th, b, inst, o, theta, batch, instance, grad);
        int[] coords = coordinates(p, new Random(17));
        int checked = 0;
        for (int i : coords) {
          double[] plus = theta.clone();
          double[] minus = theta.clone();
          plus[i] += H;
          minus[i] -= H;
          double fd =
              (run(s, th, b, inst, o, plus, batch, instance, loss)[0]
                      - run(s, th, b, inst, o, minus, batch, instance, loss)[0])
                  / (2 * H);
          double tol = REL * Math.max(Math.abs(fd), Math.abs(tfGrad[i])) + ABS;
          assertThat(Math.abs(fd - tfGrad[i]))
              .as("%s d loss / d theta[%d]: tf %.10g vs fd %.10g", name, i, tfGrad[i], fd)
              .isLessThanOrEqualTo(tol);
          if (Math.abs(tfGrad[i]) > 1e-6) {
            checked++;
          }
        }
        // The check means something only if gradients are not all ~0.
        assertThat(checked).as("%s coordinates with a non-negligible gradient", name)
            .isGreaterThan(COORDS / 3);
      }
    }
  }

  /** The first and last coordinate plus random ones. */
  private static int[] coordinates(int p, Random rng) {
    int[] c = new int[COORDS];
    c[0] = 0;
    c[1] = p - 1;
    for (int i = 2; i < COORDS; i++) {
      c[i] = rng.nextInt(p);
    }
    return c;
  }

  private static double[] run(
      Session s,
      Placeholder<TFloat64> th,
      Placeholder<TInt32> b,
      Placeholder<TFloat32> inst,
      Optimizee o,
      double[] theta,
      int[] batch,
      float[] instance,
      Operand<TFloat64> fetch) {
    try (Feeds f = new Feeds(s)) {
      f.doubles(th, theta, 1, theta.length);
      f.ints(b, batch, 1, batch.length);
      f.floats(inst, o.instanceSize() > 0 ? instance : new float[1], 1,
          Math.max(1, o.instanceSize()));
      f.fetch(fetch);
      try (Result r = f.run()) {
        return Tensors.toDoubles(r.get(0));
      }
    }
  }
}
