package org.l2o.engine.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.problem.Quadratic;
import org.l2o.engine.rule.LearnedRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Cutting the rule's coordinates into blocks changes how the work is scheduled, not what is
 * computed: a blocked rollout must return the unblocked one's losses, parameters, state and
 * meta-gradient. Only the order of float sums may differ (the meta-gradient sums over blocks),
 * hence a tolerance of a few float32 ulps relative to each value.
 */
class RolloutBlockingTest {

  /** Relative tolerance: float32 epsilon is 1.2e-7; sums over a few hundred terms reorder. */
  private static final double REL = 2e-5;

  @ParameterizedTest
  @ValueSource(strings = {"dm", "rnnprop"})
  void blockedRolloutMatchesUnblocked(String arch) {
    // Two seeds of a 12x5 quadratic: 120 coordinates, 8 blocks of 16 (the last one 8 + padding).
    LearnedOptimizerConfig cfg = new LearnedOptimizerConfig(arch, 2, 8, 5, 1.0);
    Quadratic q = new Quadratic(12, 5);
    float[] w = TrainedOptimizer.untrained(cfg, 1).weights();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, q);
      LearnedRule rule = LearnedRule.of(cfg, w);
      RolloutProgram whole =
          new RolloutProgram(tf.withSubScope("whole"), pg, rule, 2, 3, true, true, 0);
      RolloutProgram blocked =
          new RolloutProgram(tf.withSubScope("blocked"), pg, rule, 2, 3, true, true, 16);
      assertThat(whole.blockCount()).isEqualTo(1);
      assertThat(blocked.blockCount()).isEqualTo(8);
      try (Session s = Sessions.open(g, 1)) {
        SeededRuns runs = new SeededRuns(q, new long[] {5, 6});
        float[] theta = runs.initialTheta();
        float[] inst = runs.instances();
        // Two calls, so that the second starts from a non-trivial carried state.
        Rollout a = null;
        Rollout b = null;
        float[][] stateA = whole.initialState();
        float[][] stateB = blocked.initialState();
        float[] thetaA = theta;
        float[] thetaB = theta;
        for (int call = 0; call < 2; call++) {
          a = whole.run(s, new RolloutInput(w, thetaA, stateA, 1 + 3 * call, new int[0], inst));
          b = blocked.run(s, new RolloutInput(w, thetaB, stateB, 1 + 3 * call, new int[0], inst));
          stateA = a.state();
          stateB = b.state();
          thetaA = a.theta();
          thetaB = b.theta();
        }
        assertClose("losses", b.losses(), a.losses());
        assertClose("theta", b.theta(), a.theta());
        for (int i = 0; i < a.state().length; i++) {
          assertClose("state slot " + i, b.state()[i], a.state()[i]);
        }
        assertClose("meta-gradient", b.metaGradient(), a.metaGradient());
        assertClose("traced gradients", b.gradients(), a.gradients());
        assertClose("traced updates", b.deltas(), a.deltas());
        assertThat(maxAbs(a.state()[0])).as("the LSTM state moved").isGreaterThan(1e-3);
        assertThat(maxAbs(a.metaGradient())).as("the meta-gradient is not zero").isGreaterThan(1e-4);
      }
    }
  }

  @Test
  void blockSizesCoverTheCoordinatesInMultiplesOfSixteen() {
    int[][] cases = {{15920, 4096}, {159200, 4096}, {16, 4096}, {4096, 4096}, {4112, 4096},
        {1_000_000, 4096}, {160, 16}};
    for (int[] c : cases) {
      int[] sizes = RolloutProgram.blockSizes(c[0], c[1]);
      assertThat(Arrays.stream(sizes).sum()).as("sum for %s", Arrays.toString(c)).isEqualTo(c[0]);
      assertThat(Arrays.stream(sizes).boxed())
          .as("positive multiples of 16 for %s", Arrays.toString(c))
          .allMatch(x -> x > 0 && x % 16 == 0);
      assertThat(sizes.length).isLessThanOrEqualTo(RolloutProgram.MAX_BLOCKS);
    }
    // 15,920 coordinates (MLP-orig, padded) in blocks of ~4096: 3 x 3968 + 4016.
    assertThat(RolloutProgram.blockSizes(15920, 4096)).containsExactly(3968, 3968, 3968, 4016);
    assertThat(RolloutProgram.blockSizes(15920, 0)).containsExactly(15920);
    assertThat(RolloutProgram.blockSizes(1_000_000, 4096)).hasSize(RolloutProgram.MAX_BLOCKS);
  }

  private static void assertClose(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected[i], within(1e-7 + REL * Math.abs(expected[i])));
    }
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
