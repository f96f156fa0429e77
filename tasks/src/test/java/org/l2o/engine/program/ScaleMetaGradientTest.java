package org.l2o.engine.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.l2o.data.Dataset;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.ProblemName;
import org.l2o.data.SyntheticImages;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.problem.Quadratic;
import org.l2o.engine.rule.ScaleRule;
import org.l2o.engine.rule.WeightLayout;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * L2O-Scale's meta-gradient (TF's, through the hierarchical GRU, the features and the
 * straight-through log-LR clip) against central differences of the meta-loss, where the
 * stop-gradient on the optimizee gradient drops nothing: the summed objective over 1 step, and
 * the log-ratio objective over 2 steps (its values are F(theta_0) twice and F(theta_1); theta_1
 * depends on the weights only through the first update, whose gradient is fed). On the quadratic
 * (one tensor) and on a small MLP on synthetic data (four tensors, F on a fixed set of examples,
 * a fed f0).
 */
class ScaleMetaGradientTest {

  private static final float H = 1e-2f;

  @Test
  void summedObjectiveOnTheQuadratic() {
    Quadratic q = new Quadratic(4, 3);
    check(q, 1, MetaObjective.SUMMED_LOSSES, null);
  }

  @Test
  void logRatioObjectiveOnTheQuadratic() {
    Quadratic q = new Quadratic(4, 3);
    check(q, 2, new MetaObjective.LogRatio(0), null);
  }

  @Test
  void logRatioObjectiveOnAnMlpWithObjectiveExamplesAndAFedF0() {
    Dataset d = SyntheticImages.images("synthetic-tiny", 200, 4, 4, 1, 3, 5);
    Optimizee mlp = Optimizees.create(ProblemName.MLP_ORIG, d, 16);
    assertThat(mlp.tensorSizes()).containsExactly(16 * 20, 20, 20 * 3, 3);
    check(mlp, 2, new MetaObjective.LogRatio(64), new float[] {1.7f});
  }

  private static void check(Optimizee problem, int unroll, MetaObjective objective, float[] f0) {
    float[] w = weights();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, problem);
      ScaleRule rule = new ScaleRule(LearnedOptimizerConfig.scale(), w);
      RolloutProgram p = new RolloutProgram(tf, pg, rule, 1, unroll, true, objective);
      try (Session s = Sessions.open(g, 1)) {
        pg.load(s);
        SeededRuns runs = new SeededRuns(problem, new long[] {3});
        float[] theta = runs.initialTheta();
        Random init = new Random(4);
        for (int i = 0; i < theta.length; i++) {
          theta[i] = (float) (0.5 + 0.5 * init.nextGaussian());
        }
        float[][] state = p.initialState(new long[] {7});
        // Large steps (log-LR around ln 0.1) so the meta-loss responds well above float32 noise.
        java.util.Arrays.fill(state[5], (float) Math.log(0.1));
        int[] batches = runs.nextBatches(unroll);
        int[] examples = null;
        if (problem.data() != null) {
          examples = new int[64];
          for (int i = 0; i < examples.length; i++) {
            examples[i] = (i * 3) % problem.data().count();
          }
        }
        RolloutInput in = new RolloutInput(w, theta, state, 1, batches, runs.instances(), examples, f0);
        Rollout base = p.run(s, in);
        float[] grad = base.metaGradient();
        if (objective instanceof MetaObjective.LogRatio) {
          assertThat(base.objective()).hasSize(unroll);
          double f0Used = f0 == null ? base.objective()[0] : f0[0];
          double expected = Math.log(base.objective()[0] / (f0Used + 1e-6) + 1e-6);
          for (float f : base.objective()) {
            expected += Math.log(f / (f0Used + 1e-6) + 1e-6);
          }
          expected /= unroll + 1;
          assertThat((double) base.metaLoss()).as("meta-loss from the objective values")
              .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5 + 1e-5 * Math.abs(expected)));
        }
        int checked = 0;
        for (int i : indices()) {
          float[] plus = w.clone();
          float[] minus = w.clone();
          plus[i] += H;
          minus[i] -= H;
          double fd = (run(p, s, in, plus) - run(p, s, in, minus)) / (2 * H);
          double tol = 0.03 * Math.max(Math.abs(fd), Math.abs(grad[i])) + 3e-4;
          assertThat(Math.abs(fd - grad[i]))
              .as("%s, %s, unroll %d: d meta / d w[%d]: tf %.6g fd %.6g", problem.name().id(),
                  objective, unroll, i, grad[i], fd)
              .isLessThanOrEqualTo(tol);
          if (Math.abs(grad[i]) > 1e-3) {
            checked++;
          }
        }
        assertThat(checked).as("weights with a non-negligible meta-gradient").isGreaterThan(5);
      }
    }
  }

  private static double run(RolloutProgram p, Session s, RolloutInput in, float[] w) {
    return p.run(s, new RolloutInput(w, in.theta(), in.state(), in.t0(), in.batches(),
        in.instance(), in.objectiveExamples(), in.f0())).metaLoss();
  }

  /** The init with the zero-initialised learning-rate head moved off zero, so it matters. */
  private static float[] weights() {
    WeightLayout layout = ScaleRule.weightLayout();
    float[] w = layout.initialize(new Random(21));
    Random r = new Random(22);
    WeightLayout.Block lr = layout.block("lr/w");
    for (int i = 0; i < lr.size(); i++) {
      w[lr.offset() + i] = (float) (0.2 * r.nextGaussian());
    }
    return w;
  }

  /** Every weight of the small heads and a sample of each GRU and bias-map block. */
  private static List<Integer> indices() {
    WeightLayout layout = ScaleRule.weightLayout();
    Random r = new Random(23);
    List<Integer> out = new ArrayList<>();
    for (WeightLayout.Block b : layout.blocks()) {
      if (b.size() <= 11) {
        for (int i = 0; i < Math.min(b.size(), 3); i++) {
          out.add(b.offset() + i);
        }
      } else {
        for (int i = 0; i < 3; i++) {
          out.add(b.offset() + r.nextInt(b.size()));
        }
      }
    }
    return out;
  }
}
