package org.l2o.engine.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.problem.Quadratic;
import org.l2o.engine.rule.LearnedRule;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Carrying the rule state in native tensors must give exactly what the Java-array round trip
 * gives: the same graph runs on the same values, only the copies are skipped (1 thread, so the
 * comparison is bitwise).
 */
class StateCarryTest {

  @Test
  void carriedStateReproducesTheArrayRoundTripBitForBit() {
    LearnedOptimizerConfig cfg = new LearnedOptimizerConfig("dm", 2, 8, 5, 1.0);
    Quadratic q = new Quadratic(6, 4);
    float[] w = TrainedOptimizer.untrained(cfg, 1).weights();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, q);
      RolloutProgram p = new RolloutProgram(tf, pg, LearnedRule.of(cfg, w), 2, 4, false, false, 16);
      try (Session s = Sessions.open(g, 1)) {
        SeededRuns runs = new SeededRuns(q, new long[] {1, 2});
        float[] inst = runs.instances();
        float[] thetaA = runs.initialTheta();
        float[] thetaB = thetaA.clone();
        float[][] arrays = p.initialState();
        try (StateCarry carry = StateCarry.of(p, p.initialState())) {
          for (int call = 0; call < 3; call++) {
            int t0 = 1 + 4 * call;
            Rollout a = p.run(s, new RolloutInput(w, thetaA, arrays, t0, new int[0], inst));
            Rollout b = p.run(s, new RolloutInput(w, thetaB, null, t0, new int[0], inst), carry);
            assertThat(b.state()).as("a carried rollout returns no state arrays").isNull();
            assertThat(b.losses()).containsExactly(a.losses());
            assertThat(b.theta()).containsExactly(a.theta());
            arrays = a.state();
            thetaA = a.theta();
            thetaB = b.theta();
          }
          float[][] carried = carry.toArrays();
          for (int i = 0; i < arrays.length; i++) {
            assertThat(carried[i]).as("state slot %d", i).containsExactly(arrays[i]);
          }
          float moved = 0;
          for (float x : carried[0]) {
            moved = Math.max(moved, Math.abs(x));
          }
          assertThat(moved).as("the LSTM state moved away from zero").isGreaterThan(1e-2f);
        }
      }
    }
  }

  @Test
  void replaceRoundTripsAndAClosedCarryRefusesUse() {
    LearnedOptimizerConfig cfg = new LearnedOptimizerConfig("dm", 1, 4, 5, 1.0);
    Quadratic q = new Quadratic(2, 3);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      RolloutProgram p =
          new RolloutProgram(
              tf, new ProblemGraph(tf, q),
              LearnedRule.of(cfg, TrainedOptimizer.untrained(cfg, 1).weights()), 1, 1, false);
      float[][] state = p.initialState();
      state[1][5] = 2.5f;
      StateCarry carry = StateCarry.of(p, state);
      assertThat(carry.toArrays()[1]).containsExactly(state[1]);
      assertThatThrownBy(() -> carry.replace(new float[1][]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("2 state slots");
      carry.close();
      assertThatThrownBy(carry::toArrays)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }
}
