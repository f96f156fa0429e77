package org.l2o.engine.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.data.SyntheticImages;
import org.l2o.engine.ProblemName;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.TensorSlice;

/** The validation diagnostics on hand-made parameter moves (generated data, not MNIST). */
class UpdateStatsTest {

  private static final Optimizee MLP =
      Optimizees.create(ProblemName.MLP_ORIG, SyntheticImages.mnistLike(50, 3), 8);

  private static TensorSlice tensor(String name) {
    return MLP.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aSharedShiftIsCommonModeAndASignAlternatingMoveIsNot() {
    int p = MLP.paramCount();
    float[] theta0 = new float[3 * p];
    for (int i = 0; i < theta0.length; i++) {
      theta0[i] = (float) Math.sin(i); // any start: only the difference counts
    }
    float[] thetaN = theta0.clone();
    String first = MLP.tensors().get(0).name();
    String second = MLP.tensors().get(1).name();
    for (int s = 0; s < 3; s++) {
      TensorSlice w = tensor(first);
      for (int i = 0; i < w.size(); i++) {
        thetaN[s * p + w.offset() + i] += 0.25f; // every weight up by 0.25
      }
      TensorSlice b = tensor(second);
      for (int i = 0; i < b.size(); i++) {
        thetaN[s * p + b.offset() + i] += (i % 2 == 0 ? 0.5f : -0.5f);
      }
    }
    // Run 2 diverged: its parameters are garbage and must not count.
    java.util.Arrays.fill(thetaN, 2 * p, 3 * p, Float.NaN);

    Map<String, Double> m = UpdateStats.of(MLP, theta0, thetaN, new int[] {-1, -1, 7});

    assertThat(m.get("valid_update/" + first)).isCloseTo(0.25, within(1e-6));
    assertThat(m.get("valid_common_mode/" + first)).isCloseTo(1.0, within(1e-6));
    assertThat(m.get("valid_update/" + second)).isCloseTo(0.5, within(1e-6));
    assertThat(m.get("valid_common_mode/" + second)).isCloseTo(0.0, within(1e-6));
    assertThat(m.get("valid_update/" + MLP.tensors().get(2).name())).isZero();
    assertThat(m.keySet()).hasSize(2 * MLP.tensors().size());
  }

  @Test
  void everyEpisodeDivergedGivesNothingAndMismatchedSizesAreRefused() {
    int p = MLP.paramCount();
    assertThat(UpdateStats.of(MLP, new float[p], new float[p], new int[] {3})).isEmpty();
    assertThatThrownBy(() -> UpdateStats.of(MLP, new float[p], new float[p + 1], new int[] {-1}))
        .hasMessageContaining(String.valueOf(p));
  }
}
