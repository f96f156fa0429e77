package org.l2o.engine.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.l2o.data.SyntheticImages;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
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
 * (g_1, g_2 depend on w); they are small here, so a looser tolerance applies. The same check runs
 * on MLP-orig, the problem meta-training uses, with the weights most affecting the meta-loss
 * among those checked.
 */
class MetaGradientTest {

  /** Float32 meta-loss: a step of 1e-2 keeps FD round-off (~1e-7 * loss / h) far below 1e-3. */
  private static final float H = 1e-2f;

  /**
   * On MLP-orig every weight moves all 15,910 coordinates at once, so the meta-loss bends fast
   * along each weight: a smaller step, affordable because the slopes there are large.
   */
  private static final float H_MLP = 1e-4f;

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

  /**
   * MLP-orig, the problem every learned optimizer meta-trains on: unroll 1 through a full-size
   * 784-20-10 sigmoid net on SYNTHETIC MNIST-shaped data (fixed batches, so only w varies).
   */
  @ParameterizedTest
  @ValueSource(strings = {"dm", "rnnprop"})
  void metaGradientOnMlpOrigMatchesCentralDifferences(String arch) {
    Optimizee mlp = Optimizees.create(ProblemName.MLP_ORIG, SyntheticImages.mnistLike(300, 5), 128);
    check(arch, mlp, 1, 0.03, 5e-3, H_MLP, false);
  }

  private static void check(String arch, int unroll, double relTol) {
    check(arch, new Quadratic(4, 3), unroll, relTol, 2e-4, H, true);
  }

  private static void check(
      String arch, Optimizee q, int unroll, double relTol, double absTol, float h,
      boolean startAtOnes) {
    // Output scale 1 instead of 0.01 so that the meta-loss responds to the weights well above
    // float32 noise; the function is the same.
    LearnedOptimizerConfig cfg =
        new LearnedOptimizerConfig(arch, 2, 8, 5, 1.0);
    float[] w = TrainedOptimizer.untrained(cfg, 1).weights();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, q);
      LearnedRule rule = LearnedRule.of(cfg, w);
      RolloutProgram p = new RolloutProgram(tf, pg, rule, 1, unroll, true);
      try (Session s = Sessions.open(g, 1)) {
        pg.load(s);
        SeededRuns runs = new SeededRuns(q, new long[] {3});
        float[] theta = runs.initialTheta();
        float[] inst = runs.instances();
        int[] batches = runs.nextBatches(unroll);
        // x starts away from the optimum, with a sizeable gradient: the quadratic's at ones, the
        // MLP's weights 30 times their init (std 0.3), so that the meta-loss's slope is well above
        // float32 noise in the central difference.
        for (int i = 0; i < theta.length; i++) {
          theta[i] = startAtOnes ? 1.0f : 30 * theta[i];
        }
        float[] grad = run(p, s, w, theta, inst, batches).metaGradient();
        // The 12 weights the meta-loss is most sensitive to, and 12 at random.
        java.util.List<Integer> picks = java.util.stream.IntStream.range(0, w.length).boxed()
            .sorted((a, b) -> Float.compare(Math.abs(grad[b]), Math.abs(grad[a])))
            .limit(12).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        Random rng = new Random(2);
        while (picks.size() < 24) {
          picks.add(rng.nextInt(w.length));
        }
        int checked = 0;
        for (int i : picks) {
          float[] plus = w.clone();
          float[] minus = w.clone();
          plus[i] += h;
          minus[i] -= h;
          double fd = (metaLoss(run(p, s, plus, theta, inst, batches))
              - metaLoss(run(p, s, minus, theta, inst, batches))) / (2 * h);
          double tol = relTol * Math.max(Math.abs(fd), Math.abs(grad[i])) + absTol;
          assertThat(Math.abs(fd - grad[i]))
              .as("%s on %s, unroll %d: d meta / d w[%d]: tf %.6g fd %.6g", arch, q.name(), unroll,
                  i, grad[i], fd)
              .isLessThanOrEqualTo(tol);
          if (Math.abs(grad[i]) > 5 * absTol) {
            checked++;
          }
        }
        assertThat(checked).as("weights with a non-negligible meta-gradient").isGreaterThan(3);
      }
    }
  }

  private static Rollout run(
      RolloutProgram p, Session s, float[] w, float[] theta, float[] inst, int[] batches) {
    return p.run(s, new RolloutInput(w, theta, p.initialState(), 1, batches, inst));
  }

  private static double metaLoss(Rollout r) {
    double m = 0;
    for (int k = 1; k < r.losses().length; k++) {
      m += r.losses()[k];
    }
    return m;
  }
}
