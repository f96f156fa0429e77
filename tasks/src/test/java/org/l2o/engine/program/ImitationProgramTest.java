package org.l2o.engine.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.l2o.engine.AnalyticalSpec;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.MetaAdam;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.rule.AnalyticalRule;
import org.l2o.engine.rule.LearnedRule;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** Teacher traces and the imitation loss of L2O-DM-IL. */
class ImitationProgramTest {

  private static final int K = 10;

  /** A traced teacher rollout on the quadratic: returns {gradients, updates, theta0, theta1}. */
  private static float[][] teacherTrace(AnalyticalSpec spec) {
    Optimizee q = Optimizees.create(ProblemName.QUADRATIC, null, 128);
    AnalyticalRule rule = new AnalyticalRule(spec);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, q);
      RolloutProgram p = new RolloutProgram(tf, pg, rule, 1, K, false, true);
      try (Session s = Sessions.open(g, 1)) {
        SeededRuns runs = new SeededRuns(q, new long[] {4});
        float[] theta = runs.initialTheta();
        Rollout r =
            p.run(
                s,
                new RolloutInput(
                    rule.parameters(), theta, p.initialState(), 1, runs.nextBatches(K),
                    runs.instances()));
        return new float[][] {r.gradients(), r.deltas(), theta, r.theta()};
      }
    }
  }

  @Test
  void tracedSgdUpdatesAreMinusLrTimesTracedGradientsAndSumToTheMove() {
    float[][] t = teacherTrace(AnalyticalSpec.of("sgd", 0.1));
    float[] grads = t[0];
    float[] deltas = t[1];
    int p = t[2].length;
    assertThat(grads).hasSize(K * p);
    for (int i = 0; i < grads.length; i++) {
      assertThat(deltas[i]).isEqualTo(-(0.1f * grads[i]));
    }
    for (int j = 0; j < p; j++) {
      double sum = 0;
      for (int k = 0; k < K; k++) {
        sum += deltas[k * p + j];
      }
      assertThat((double) (t[3][j] - t[2][j])).isCloseTo(sum, within(1e-5));
    }
    assertThat(grads[0]).isNotZero();
  }

  @Test
  void imitationLossMatchesDirectComputationAndFallsUnderAdam() {
    float[][] t = teacherTrace(AnalyticalSpec.of("adam", 0.01));
    int p = t[2].length;
    TrainedOptimizer student = TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 2);
    LearnedRule rule = student.rule();

    // Direct: step the untrained student on the teacher's gradients, sum 1/2 ||dx - delta||^2 / P.
    double direct = 0;
    try (UpdateProgram up = new UpdateProgram(rule, 1)) {
      float[][] state = up.initialState(p);
      for (int k = 0; k < K; k++) {
        float[] g = Arrays.copyOfRange(t[0], k * p, (k + 1) * p);
        float[][] out = up.step(g, state, k + 1);
        for (int j = 0; j < p; j++) {
          double d = t[1][k * p + j] - out[0][j];
          direct += 0.5 * d * d / p;
        }
        state = Arrays.copyOfRange(out, 1, out.length);
      }
    }

    try (Graph g = new Graph()) {
      ImitationProgram ip = new ImitationProgram(Ops.create(g), rule, p, K);
      try (Session s = Sessions.open(g, 1)) {
        float[] w = student.weights();
        ImitationProgram.Step first = ip.run(s, w, t[0], t[1], ip.initialState(), 1);
        assertThat((double) first.loss()).isCloseTo(direct, within(1e-4 * direct));
        MetaAdam adam = new MetaAdam(w.length, 1e-2);
        float last = first.loss();
        for (int i = 0; i < 60; i++) {
          ImitationProgram.Step st = ip.run(s, w, t[0], t[1], ip.initialState(), 1);
          adam.step(w, st.gradient());
          last = st.loss();
        }
        System.out.printf("imitating Adam on the quadratic: loss %.4g -> %.4g after 60 steps%n",
            first.loss(), last);
        assertThat(last).isLessThan(first.loss() / 2);
      }
    }
  }

  /**
   * Two builds of the same graph give the same gradient bit for bit. TF's gradient builder sums a
   * tensor's contributions in an order that follows memory addresses, so a weight read by every
   * step made the last bits differ from one session to the next (caught by the resume test).
   */
  @Test
  void gradientIsBitIdenticalAcrossGraphBuilds() {
    TrainedOptimizer init = TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 17);
    LearnedRule rule = init.rule();
    java.util.Random rng = new java.util.Random(5);
    int params = 10;
    float[] g = new float[params * K];
    float[] d = new float[params * K];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) rng.nextGaussian();
      d[i] = (float) (0.01 * rng.nextGaussian());
    }
    float[] first = null;
    for (int build = 0; build < 6; build++) {
      try (Graph graph = new Graph()) {
        ImitationProgram ip = new ImitationProgram(Ops.create(graph), rule, params, K);
        try (Session session = Sessions.open(graph, 1)) {
          float[] grad = ip.run(session, init.weights(), g, d, ip.initialState(), 1).gradient();
          if (first == null) {
            first = grad;
          } else {
            assertThat(Arrays.equals(grad, first)).as("build " + build + " equals build 0").isTrue();
          }
        }
      }
    }
  }
}
