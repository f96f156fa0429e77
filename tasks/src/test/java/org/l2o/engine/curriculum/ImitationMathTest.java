package org.l2o.engine.curriculum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each expected value is the rule written out by hand; tolerance 1e-15 absolute. */
class ImitationMathTest {

  private static final double TOL = 1e-15;
  private static final double LR = 0.01;
  private static final double[] G1 = {0.5, -2.0, 0.0};
  private static final double[] G2 = {-0.25, 1.0, 3.0};

  @Test
  void imitationLossIsWeightedHalfSquaredErrorPerParameter() {
    double[][] teacher = {{0.1, -0.2, 0.3}, {0.0, 0.5, -0.5}};
    double[][] learned = {{0.0, -0.1, 0.1}, {0.2, 0.5, 0.5}};
    double[] weights = {1.0, 2.0};
    // step 0: differences 0.1, -0.1, 0.2; step 1: -0.2, 0, -1.0
    double step0 = 0.5 * (0.1 * 0.1 + 0.1 * 0.1 + 0.2 * 0.2);
    double step1 = 0.5 * (0.2 * 0.2 + 0.0 + 1.0 * 1.0);
    double expected = (1.0 * step0 + 2.0 * step1) / 3;

    assertThat(ImitationMath.imitationLoss(teacher, learned, weights))
        .isCloseTo(expected, within(1e-15));
    assertThat(ImitationMath.imitationLoss(teacher, learned, 1.0))
        .isCloseTo((step0 + step1) / 3, within(1e-15));
    assertThat(ImitationMath.imitationLoss(teacher, teacher, 1.0)).isZero();
  }

  @Test
  void imitationLossRejectsMismatchedShapes() {
    assertThatThrownBy(() -> ImitationMath.imitationLoss(
            new double[][] {{1, 2}}, new double[][] {{1, 2}, {3, 4}}, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 teacher steps");
    assertThatThrownBy(() -> ImitationMath.imitationLoss(
            new double[][] {{1, 2}}, new double[][] {{1}}, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step 0");
  }

  @Test
  void sgdStepsAgainstTheGradient() {
    double[] dx = ImitationMath.sgdUpdate(G1, LR);
    assertThat(dx).containsExactly(new double[] {-LR * 0.5, -LR * -2.0, 0.0}, within(TOL));
  }

  @Test
  void adamTwoStepsMatchTensorFlowsBiasCorrectedRule() {
    double[] m = new double[3];
    double[] v = new double[3];
    double[] dx1 = ImitationMath.adamUpdate(G1, m, v, 1, LR);
    double[] dx2 = ImitationMath.adamUpdate(G2, m, v, 2, LR);

    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double lr1 = LR * Math.sqrt(1 - b2) / (1 - b1);
    double lr2 = LR * Math.sqrt(1 - b2 * b2) / (1 - b1 * b1);
    for (int i = 0; i < 3; i++) {
      double m1 = (1 - b1) * G1[i];
      double v1 = (1 - b2) * G1[i] * G1[i];
      double m2 = b1 * m1 + (1 - b1) * G2[i];
      double v2 = b2 * v1 + (1 - b2) * G2[i] * G2[i];
      assertThat(dx1[i]).as("step 1, coordinate %d", i)
          .isCloseTo(-lr1 * m1 / (Math.sqrt(v1) + eps), within(TOL));
      assertThat(dx2[i]).as("step 2, coordinate %d", i)
          .isCloseTo(-lr2 * m2 / (Math.sqrt(v2) + eps), within(TOL));
      assertThat(m[i]).isCloseTo(m2, within(TOL));
      assertThat(v[i]).isCloseTo(v2, within(TOL));
    }
    // Adam's first step is -lr * sign(g) up to eps: off by lr * eps / (sqrt(1 - b2) * |g|)
    assertThat(dx1[0]).isCloseTo(-LR, within(LR * eps / (Math.sqrt(1 - b2) * 0.5)));
    assertThat(dx1[1]).isCloseTo(LR, within(LR * eps / (Math.sqrt(1 - b2) * 2.0)));
    assertThat(dx1[2]).isZero();
  }

  @Test
  void adamRejectsStepZero() {
    assertThatThrownBy(() -> ImitationMath.adamUpdate(G1, new double[3], new double[3], 0, LR))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }

  @Test
  void adagradStartsFromTensorFlowsInitialAccumulator() {
    double[] a = {0.1, 0.1, 0.1};
    double[] dx1 = ImitationMath.adagradUpdate(G1, a, LR);
    double[] dx2 = ImitationMath.adagradUpdate(G2, a, LR);
    for (int i = 0; i < 3; i++) {
      double a1 = 0.1 + G1[i] * G1[i];
      double a2 = a1 + G2[i] * G2[i];
      assertThat(dx1[i]).isCloseTo(-LR * G1[i] / Math.sqrt(a1), within(TOL));
      assertThat(dx2[i]).isCloseTo(-LR * G2[i] / Math.sqrt(a2), within(TOL));
    }
  }

  @Test
  void rmspropPutsEpsilonInsideTheRootAndStartsFromOnes() {
    double[] ms = {1.0, 1.0, 1.0};
    double[] dx = ImitationMath.rmspropUpdate(G1, ms, LR);
    for (int i = 0; i < 3; i++) {
      double ms1 = 0.9 * 1.0 + 0.1 * G1[i] * G1[i];
      assertThat(ms[i]).isCloseTo(ms1, within(TOL));
      assertThat(dx[i]).isCloseTo(-LR * G1[i] / Math.sqrt(ms1 + 1e-10), within(TOL));
    }
  }

  @Test
  void nesterovTwoStepsMatchTensorFlowsUseNesterovRule() {
    double[] a = new double[3];
    double[] dx1 = ImitationMath.nesterovUpdate(G1, a, LR);
    double[] dx2 = ImitationMath.nesterovUpdate(G2, a, LR);
    double mu = 0.9;
    for (int i = 0; i < 3; i++) {
      double a1 = G1[i];
      double a2 = mu * a1 + G2[i];
      assertThat(dx1[i]).isCloseTo(-LR * G1[i] - LR * mu * a1, within(TOL));
      assertThat(dx2[i]).isCloseTo(-LR * G2[i] - LR * mu * a2, within(TOL));
    }
  }

  @Test
  void slotsMustMatchTheGradient() {
    assertThatThrownBy(() -> ImitationMath.adagradUpdate(G1, new double[2], LR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adagrad: slot has 2 entries but the gradient has 3");
  }
}
