package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** L2O-Scale's meta-optimizer against hand computation of TF1's RMSProp and the authors' clip. */
class MetaRmsPropTest {

  @Test
  void twoStepsMatchHandComputationWithMeanSquareStartingAtOne() {
    MetaRmsProp opt = new MetaRmsProp(2, 0.1, 0.9, 1e-20, 1e4);
    float[] w = {1f, -2f};
    opt.step(w, new float[] {2f, -0.5f});
    // ms = 0.9 * 1 + 0.1 * g^2: 1.3 and 0.925.
    assertThat((double) w[0]).isCloseTo(1 - 0.1 * 2 / Math.sqrt(1.3), within(1e-6));
    assertThat((double) w[1]).isCloseTo(-2 + 0.1 * 0.5 / Math.sqrt(0.925), within(1e-6));
    opt.step(w, new float[] {2f, 0f});
    double ms0 = 0.9 * 1.3 + 0.1 * 4;
    assertThat((double) w[0]).isCloseTo(1 - 0.2 / Math.sqrt(1.3) - 0.2 / Math.sqrt(ms0), within(1e-6));
    assertThat(opt.steps()).isEqualTo(2);
    assertThat(opt.meanSquares()[1]).isCloseTo(0.9 * 0.925, within(1e-12));
  }

  @Test
  void nonFiniteGradientsBecomeZeroAndLargeOnesAreClipped() {
    MetaRmsProp opt = new MetaRmsProp(3, 1e-6);
    float[] w = {0f, 0f, 0f};
    opt.step(w, new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1e9f});
    assertThat(w[0]).isEqualTo(0f);
    assertThat(w[1]).isEqualTo(0f);
    // Clipped to 1e4: ms = 0.9 + 0.1 * 1e8, step 1e-6 * 1e4 / sqrt(ms) ~ 3.16e-6.
    assertThat((double) w[2]).isCloseTo(-1e-6 * 1e4 / Math.sqrt(0.9 + 1e7), within(1e-12));
    assertThat(opt.sanitizesGradients()).isTrue();
    assertThat(new MetaAdam(1, 1e-3).sanitizesGradients()).isFalse();
  }

  @Test
  void noWeightMovesMoreThanLrOverRootOfOneMinusDecayPerStep() {
    MetaRmsProp opt = new MetaRmsProp(1, 1e-6);
    float[] w = {0f};
    double bound = 1e-6 / Math.sqrt(0.1);
    for (float g : new float[] {1e4f, -3f, 1e-8f, 7e3f}) {
      float before = w[0];
      opt.step(w, new float[] {g});
      assertThat(Math.abs((double) w[0] - before)).isLessThanOrEqualTo(bound * (1 + 1e-6));
    }
  }
}
