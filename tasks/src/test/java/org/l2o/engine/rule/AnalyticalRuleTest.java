package org.l2o.engine.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.l2o.engine.AnalyticalSpec;
import org.l2o.engine.program.UpdateProgram;
import org.junit.jupiter.api.Test;

/**
 * Two steps of each analytical optimizer against the update formulas computed by hand in double
 * (two steps so that state and bias corrections are exercised). Tolerance: float32 round-off,
 * 2e-6 relative plus 2e-9 absolute (float32 eps times the ~0.01 size of the terms, which can
 * cancel: RMSProp's momentum step 2 is a difference of two ~1e-2 terms).
 */
class AnalyticalRuleTest {

  private static final float[] G1 = {0.5f, -2.0f, 1e-4f, 0f, 3.0f};
  private static final float[] G2 = {-0.25f, 1.0f, 2e-4f, 1e-3f, -3.0f};

  /** Runs two steps; returns the two updates. */
  private static float[][] twoSteps(AnalyticalSpec spec) {
    try (UpdateProgram p = new UpdateProgram(new AnalyticalRule(spec), 1)) {
      float[][] s = p.initialState(G1.length);
      float[][] r1 = p.step(G1, s, 1);
      float[][] r2 = p.step(G2, java.util.Arrays.copyOfRange(r1, 1, r1.length), 2);
      return new float[][] {r1[0], r2[0]};
    }
  }

  private static void assertClose(float[] actual, double[] expected) {
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("coordinate %d", i)
          .isCloseTo(expected[i], within(2e-6 * Math.abs(expected[i]) + 2e-9));
    }
  }

  @Test
  void sgdStepIsMinusLrTimesGradient() {
    float[][] u = twoSteps(AnalyticalSpec.of("sgd", 0.1));
    double[] e1 = new double[G1.length];
    double[] e2 = new double[G1.length];
    for (int i = 0; i < G1.length; i++) {
      e1[i] = -0.1 * G1[i];
      e2[i] = -0.1 * G2[i];
    }
    assertClose(u[0], e1);
    assertClose(u[1], e2);
  }

  @Test
  void adamStepsMatchTf1FormulaWithBiasCorrection() {
    double lr = 0.01;
    double b1 = 0.8;
    double b2 = 0.99;
    double eps = 1e-6;
    float[][] u =
        twoSteps(new AnalyticalSpec("adam", lr, Map.of("beta1", b1, "beta2", b2, "eps", eps)));
    for (int i = 0; i < G1.length; i++) {
      double m = (1 - b1) * G1[i];
      double v = (1 - b2) * G1[i] * G1[i];
      double step1 = -lr * Math.sqrt(1 - b2) / (1 - b1) * m / (Math.sqrt(v) + eps);
      m = b1 * m + (1 - b1) * G2[i];
      v = b2 * v + (1 - b2) * G2[i] * G2[i];
      double step2 =
          -lr * Math.sqrt(1 - b2 * b2) / (1 - b1 * b1) * m / (Math.sqrt(v) + eps);
      assertClose(new float[] {u[0][i], u[1][i]}, new double[] {step1, step2});
    }
  }

  @Test
  void rmspropStepsStartFromMeanSquareOneAsTf1() {
    double lr = 0.01;
    double decay = 0.9;
    double mom = 0.5;
    double eps = 1e-10;
    float[][] u =
        twoSteps(new AnalyticalSpec("rmsprop", lr, Map.of("decay", decay, "momentum", mom)));
    for (int i = 0; i < G1.length; i++) {
      double ms = decay * 1.0 + (1 - decay) * G1[i] * G1[i];
      double m = lr * G1[i] / Math.sqrt(ms + eps);
      double step1 = -m;
      ms = decay * ms + (1 - decay) * G2[i] * G2[i];
      m = mom * m + lr * G2[i] / Math.sqrt(ms + eps);
      assertClose(new float[] {u[0][i], u[1][i]}, new double[] {step1, -m});
    }
  }

  @Test
  void adagradStepsAccumulateSquaresFromPointOne() {
    double lr = 0.05;
    float[][] u = twoSteps(AnalyticalSpec.of("adagrad", lr));
    for (int i = 0; i < G1.length; i++) {
      double acc = 0.1 + G1[i] * G1[i];
      double step1 = -lr * G1[i] / Math.sqrt(acc);
      acc += G2[i] * G2[i];
      double step2 = -lr * G2[i] / Math.sqrt(acc);
      assertClose(new float[] {u[0][i], u[1][i]}, new double[] {step1, step2});
    }
  }

  @Test
  void nagStepsUseNesterovLookahead() {
    double lr = 0.1;
    double mu = 0.9;
    float[][] u = twoSteps(AnalyticalSpec.of("nag", lr));
    for (int i = 0; i < G1.length; i++) {
      double a = G1[i];
      double step1 = -lr * (G1[i] + mu * a);
      a = mu * a + G2[i];
      double step2 = -lr * (G2[i] + mu * a);
      assertClose(new float[] {u[0][i], u[1][i]}, new double[] {step1, step2});
    }
  }
}
