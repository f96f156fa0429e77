package org.l2o.engine.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.engine.LearnedOptimizerConfig;

/**
 * Sonnet v1's initialisation, as the authors' untrained networks had it: matrices and LSTM gate
 * biases truncated-normal with sigma = 1/sqrt(fan in of the gate matrix), plain linear biases zero.
 */
class WeightLayoutInitTest {

  @ParameterizedTest
  @ValueSource(strings = {"dm", "rnnprop"})
  void gateBiasesAreTruncatedNormalOfTheGateMatrixFanInAndLinearBiasesZero(String arch) {
    LearnedOptimizerConfig cfg = arch.equals("dm") ? LearnedOptimizerConfig.dm()
        : LearnedOptimizerConfig.rnnprop();
    WeightLayout layout = WeightLayout.of(cfg);
    // Pool many draws so the spread is measured, not guessed.
    for (WeightLayout.Block b : layout.blocks()) {
      double sumSq = 0;
      double max = 0;
      long n = 0;
      for (int seed = 0; seed < 40; seed++) {
        float[] w = layout.initialize(new Random(seed));
        for (int i = 0; i < b.size(); i++) {
          double x = w[b.offset() + i];
          sumSq += x * x;
          max = Math.max(max, Math.abs(x));
          n++;
        }
      }
      if (b.bias() && !b.name().startsWith("lstm")) {
        assertThat(max).as(b.name() + " starts at zero").isZero();
        continue;
      }
      int fanIn = b.bias() ? layout.block(b.name().replace("/b", "/w")).rows() : b.rows();
      double sigma = 1 / Math.sqrt(fanIn);
      // A normal cut at 2 sigma has standard deviation 0.8796 sigma.
      assertThat(Math.sqrt(sumSq / n)).as(b.name() + " spread").isCloseTo(0.8796 * sigma,
          within(0.08 * sigma));
      assertThat(max).as(b.name() + " cut at 2 sigma").isLessThanOrEqualTo(2 * sigma + 1e-7);
    }
  }
}
