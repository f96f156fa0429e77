package org.l2o.engine.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.curriculum.ImitationMath;
import org.l2o.engine.curriculum.ReferenceTeacher;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.rule.LearnedRule;
import org.l2o.engine.training.TrainingPrograms;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * The pieces of an imitation episode against plain-Java references: the engine's traced teacher
 * against {@link ReferenceTeacher}, the imitation loss with a weight omega against {@link
 * ImitationMath#imitationLoss}, and its weight gradient against central differences.
 */
class ImitationLossTest {

  private static final int K = 8;

  /** A teacher's traced rollout on the quadratic (seed 4): {gradients, updates} as [K, P]. */
  private static float[][] trace(TeacherSpec teacher) {
    Optimizee q = Optimizees.create(ProblemName.QUADRATIC, null, 128);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      RolloutProgram p = new RolloutProgram(
          tf, new ProblemGraph(tf, q), TrainingPrograms.teacherRule(teacher), 1, K, false, true);
      try (Session s = Sessions.open(g, 1)) {
        SeededRuns runs = new SeededRuns(q, new long[] {4});
        Rollout r = p.run(s, new RolloutInput(TrainingPrograms.teacherRule(teacher).parameters(),
            runs.initialTheta(), p.initialState(), 1, runs.nextBatches(K), runs.instances()));
        return new float[][] {r.gradients(), r.deltas()};
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam:0.01", "sgd:0.01", "adagrad:0.01", "rmsprop:0.001", "nag:0.01"})
  void tracedTeacherUpdatesMatchTheReferenceTeacherOnItsOwnGradients(String text) {
    TeacherSpec spec = TeacherSpec.parse(text);
    float[][] t = trace(spec);
    int p = t[0].length / K;
    ReferenceTeacher ref = new ReferenceTeacher(spec, p);
    double largest = 0;
    for (int k = 0; k < K; k++) {
      double[] g = new double[p];
      for (int j = 0; j < p; j++) {
        g[j] = t[0][k * p + j];
      }
      double[] dx = ref.update(g);
      for (int j = 0; j < p; j++) {
        // float32 graph vs double reference: relative 1e-5 of the update, plus float round-off.
        assertThat((double) t[1][k * p + j])
            .as("%s step %d coordinate %d", spec, k + 1, j)
            .isCloseTo(dx[j], within(1e-5 * Math.abs(dx[j]) + 1e-9));
        largest = Math.max(largest, Math.abs(dx[j]));
      }
    }
    assertThat(largest).as("the teacher moved").isGreaterThan(1e-5);
  }

  @Test
  void weightedImitationLossEqualsTheHandComputation() {
    float[][] t = trace(TeacherSpec.parse("adam:0.01"));
    int p = t[0].length / K;
    LearnedRule rule = TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 2).rule();
    float omega = 2.5f;

    // Hand computation: delta_k from stepping the student alone on the teacher's gradients, then
    // L = sum_k omega * 1/2 ||dx_k - delta_k||^2 / P in double.
    double[][] teacher = new double[K][p];
    double[][] learned = new double[K][p];
    try (UpdateProgram up = new UpdateProgram(rule, 1)) {
      float[][] state = up.initialState(p);
      for (int k = 0; k < K; k++) {
        float[][] out = up.step(Arrays.copyOfRange(t[0], k * p, (k + 1) * p), state, k + 1);
        for (int j = 0; j < p; j++) {
          teacher[k][j] = t[1][k * p + j];
          learned[k][j] = out[0][j];
        }
        state = Arrays.copyOfRange(out, 1, out.length);
      }
    }
    double expected = ImitationMath.imitationLoss(teacher, learned, omega);

    try (Graph g = new Graph()) {
      ImitationProgram ip = new ImitationProgram(Ops.create(g), rule, p, K, omega);
      try (Session s = Sessions.open(g, 1)) {
        float loss = ip.run(s, rule.parameters(), t[0], t[1], ip.initialState(), 1).loss();
        System.out.printf("imitation loss (omega %.1f): graph %.6g, hand %.6g%n", omega, loss,
            expected);
        assertThat(expected).isPositive();
        assertThat((double) loss).isCloseTo(expected, within(1e-4 * expected));
        // The weight scales the loss linearly: omega = 1 gives expected / omega.
        ImitationProgram one = new ImitationProgram(
            Ops.create(g).withSubScope("omega1"), rule, p, K, 1f);
        float lossOne = one.run(s, rule.parameters(), t[0], t[1], one.initialState(), 1).loss();
        assertThat((double) lossOne).isCloseTo(expected / omega, within(1e-4 * expected));
      }
    }
  }

  @Test
  void imitationGradientMatchesCentralDifferences() {
    float[][] t = trace(TeacherSpec.parse("adam:0.01"));
    int p = t[0].length / K;
    // Output scale 1 (not 0.01) so that the loss responds to the weights far above float32
    // round-off; the graph is the same. No stop-gradient is involved: the teacher's gradients
    // are inputs, so the analytic gradient is exact and must match to FD accuracy.
    LearnedOptimizerConfig cfg = new LearnedOptimizerConfig("dm", 2, 8, 5, 1.0);
    float[] w = TrainedOptimizer.untrained(cfg, 3).weights();
    LearnedRule rule = LearnedRule.of(cfg, w);
    float h = 1e-2f;
    try (Graph g = new Graph()) {
      ImitationProgram ip = new ImitationProgram(Ops.create(g), rule, p, K, 1.5f);
      try (Session s = Sessions.open(g, 1)) {
        float[] grad = ip.run(s, w, t[0], t[1], ip.initialState(), 1).gradient();
        // The 8 weights with the largest gradient (so the check is never vacuous) and 16 at random.
        Integer[] order = new Integer[w.length];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(Math.abs(grad[b]), Math.abs(grad[a])));
        Random rng = new Random(5);
        int checked = 0;
        for (int trial = 0; trial < 24; trial++) {
          int i = trial < 8 ? order[trial] : rng.nextInt(w.length);
          float[] plus = w.clone();
          float[] minus = w.clone();
          plus[i] += h;
          minus[i] -= h;
          double fd = (ip.run(s, plus, t[0], t[1], ip.initialState(), 1).loss()
              - ip.run(s, minus, t[0], t[1], ip.initialState(), 1).loss()) / (2.0 * h);
          double tol = 0.02 * Math.max(Math.abs(fd), Math.abs(grad[i])) + 1e-5;
          assertThat(Math.abs(fd - grad[i]))
              .as("d imitation / d w[%d]: tf %.6g fd %.6g", i, grad[i], fd)
              .isLessThanOrEqualTo(tol);
          if (Math.abs(grad[i]) > 1e-3) {
            checked++;
          }
        }
        System.out.printf("imitation gradient: largest |dL/dw| %.4g, %d of 24 checked weights "
            + "above 1e-3%n", Math.abs(grad[order[0]]), checked);
        assertThat(checked).as("weights with a non-negligible imitation gradient").isGreaterThanOrEqualTo(8);
      }
    }
  }
}
