package org.l2o.engine.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.problem.Quadratic;
import org.l2o.engine.rule.LearnedRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * The meta-gradient of a rollout (truncated BPTT through the learned updates, the optimizee
 * gradient under a stop-gradient) against central differences of the meta-loss itself.
 *
 * <p>With unroll 1 the meta-loss is f(x_0 + delta(g_0; w)) and g_0 does not depend on the weights
 * w, so the stop-gradient drops nothing and the two must agree to float32 FD accuracy. With unroll
 * 3 the finite difference also contains the second-order terms that L2O-DM deliberately drops
 * (g_1, g_2 depend on w); they are small here, so a looser tolerance applies.
 */
class MetaGradientTest {

  /** Float32 meta-loss: a step of 1e-2 keeps FD round-off (~1e-7 * loss / h) far below 1e-3. */
  private static final float H = 1e-2f;

  @ParameterizedTest
  @ValueSource(strings = {"dm", "rnnprop"})
  void metaGradientOfOneStepMatchesCentralDifferences(String arch) {
    check(arch, 1, 0.02);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dm"})
  void metaGradientOfThreeStepsIsCloseToCentralDifferences(String arch) {
    check(arch, 3, 0.15);
  }

  private static void check(String arch, int unroll, double relTol) {
    // Output scale 1 instead of 0.01 so that the meta-loss responds to the weights well above
    // float32 noise; the function is the same.
    LearnedOptimizerConfig cfg =
        new LearnedOptimizerConfig(arch, 2, 8, 5, 1.0);
    Quadratic q = new Quadratic(4, 3);
    float[] w = TrainedOptimizer.untrained(cfg, 1).weights();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, q);
      LearnedRule rule = LearnedRule.of(cfg, w);
      RolloutProgram p = new RolloutProgram(tf, pg, rule, 1, unroll, true);
      try (Session s = Sessions.open(g, 1)) {
        SeededRuns runs = new SeededRuns(q, new long[] {3});
        float[] theta = runs.initialTheta();
        float[] inst = runs.instances();
        // x starts away from the optimum with a sizeable gradient.
        for (int i = 0; i < theta.length; i++) {
          theta[i] = 1.0f;
        }
        float[] grad = run(p, s, w, theta, inst).metaGradient();
        Random rng = new Random(2);
        int checked = 0;
        for (int trial = 0; trial < 24; trial++) {
          int i = rng.nextInt(w.length);
          float[] plus = w.clone();
          float[] minus = w.clone();
          plus[i] += H;
          minus[i] -= H;
          double fd = (metaLoss(run(p, s, plus, theta, inst)) - metaLoss(run(p, s, minus, theta, inst))) / (2 * H);
          double tol = relTol * Math.max(Math.abs(fd), Math.abs(grad[i])) + 2e-4;
          assertThat(Math.abs(fd - grad[i]))
              .as("%s unroll %d d meta / d w[%d]: tf %.6g fd %.6g", arch, unroll, i, grad[i], fd)
              .isLessThanOrEqualTo(tol);
          if (Math.abs(grad[i]) > 1e-3) {
            checked++;
          }
        }
        assertThat(checked).as("weights with a non-negligible meta-gradient").isGreaterThan(3);
      }
    }
  }

  private static Rollout run(RolloutProgram p, Session s, float[] w, float[] theta, float[] inst) {
    return p.run(s, new RolloutInput(w, theta, p.initialState(), 1, new int[0], inst));
  }

  private static double metaLoss(Rollout r) {
    double m = 0;
    for (int k = 1; k < r.losses().length; k++) {
      m += r.losses()[k];
    }
    return m;
  }
}
