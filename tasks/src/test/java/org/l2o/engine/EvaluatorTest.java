package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.l2o.data.Dataset;
import org.l2o.data.SyntheticImages;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

  static final Dataset SYNTHETIC = SyntheticImages.mnistLike(500, 2);
  static final long[] SEEDS = {11, 12, 13};

  @Test
  void evaluateWritesOneCurvePerSeedStartingAtTheInitLoss() {
    List<Long> progress = new ArrayList<>();
    try (Evaluator ev = new Evaluator(ProblemName.MLP_ORIG, SYNTHETIC, 128, 1, "")) {
      EvaluationResult r =
          ev.run(
              OptimizerUnderTest.of(AnalyticalSpec.of("adam", 0.01)),
              SEEDS,
              45,
              new EngineListener() {
                @Override
                public void onProgress(long done, long total, String message) {
                  progress.add(done);
                }
              });
      assertThat(r.losses()).hasNumberOfRows(3);
      for (float[] curve : r.losses()) {
        assertThat(curve).hasSize(46);
        // N(0, 0.01^2) weights give near-zero logits: the first loss is ~ln 10.
        assertThat((double) curve[0]).isCloseTo(Math.log(10), within(0.02));
        assertThat(curve[45]).isLessThan(curve[0]);
      }
      assertThat(r.divergedAtStep()).containsExactly(-1, -1, -1);
      assertThat(progress).containsExactly(20L, 40L, 45L);
    }
  }

  @Test
  void optimizersOnTheSameSeedStartFromTheSameInitAndBatch() {
    try (Evaluator ev = new Evaluator(ProblemName.MLP_ORIG, SYNTHETIC, 128, 1, "")) {
      EvaluationResult adam = ev.run(OptimizerUnderTest.of(AnalyticalSpec.of("adam", 0.01)), SEEDS, 5, null);
      EvaluationResult sgd = ev.run(OptimizerUnderTest.of(AnalyticalSpec.of("sgd", 0.5)), SEEDS, 5, null);
      EvaluationResult dm =
          ev.run(OptimizerUnderTest.of(TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 1)), SEEDS, 5, null);
      for (int s = 0; s < SEEDS.length; s++) {
        assertThat(sgd.losses()[s][0]).isEqualTo(adam.losses()[s][0]);
        assertThat(dm.losses()[s][0]).isEqualTo(adam.losses()[s][0]);
        assertThat(sgd.losses()[s][1]).isNotEqualTo(adam.losses()[s][1]);
      }
      // Different seeds: different inits or batches.
      assertThat(adam.losses()[0][0]).isNotEqualTo(adam.losses()[1][0]);
    }
  }

  @Test
  void curvesDoNotDependOnHowStepsAreCutIntoSessionCalls() {
    OptimizerUnderTest opt = OptimizerUnderTest.of(TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 3));
    float[][] a;
    float[][] b;
    try (Evaluator ev = new Evaluator(ProblemName.MLP_ORIG, SYNTHETIC, 128, 1, "", 20)) {
      a = ev.run(opt, SEEDS, 30, null).losses();
    }
    try (Evaluator ev = new Evaluator(ProblemName.MLP_ORIG, SYNTHETIC, 128, 1, "", 7)) {
      b = ev.run(opt, SEEDS, 30, null).losses();
    }
    for (int s = 0; s < SEEDS.length; s++) {
      for (int k = 0; k <= 30; k++) {
        assertThat(b[s][k]).as("seed %d step %d", s, k).isCloseTo(a[s][k], within(1e-5f * Math.abs(a[s][k])));
      }
    }
  }

  @Test
  void seedsBatchedTogetherGiveTheCurvesTheyGiveAlone() {
    OptimizerUnderTest opt = OptimizerUnderTest.of(AnalyticalSpec.of("rmsprop", 0.003));
    try (Evaluator ev = new Evaluator(ProblemName.MLP_ORIG, SYNTHETIC, 128, 1, "")) {
      float[][] together = ev.run(opt, SEEDS, 25, null).losses();
      float[] alone = ev.run(opt, new long[] {SEEDS[1]}, 25, null).losses()[0];
      for (int k = 0; k <= 25; k++) {
        assertThat(together[1][k]).isCloseTo(alone[k], within(1e-5f * Math.abs(alone[k])));
      }
    }
  }

  @Test
  void everyAnalyticalOptimizerAndRnnpropRunOnEveryProblem() {
    for (ProblemName p : ProblemName.values()) {
      Dataset d =
          switch (p) {
            case QUADRATIC -> null;
            case CONV_CIFAR -> SyntheticImages.cifarLike(200, 3);
            default -> SYNTHETIC;
          };
      try (Evaluator ev = new Evaluator(p, d, 32, 1, "", 2)) {
        for (String name : AnalyticalSpec.names()) {
          EvaluationResult r = ev.run(OptimizerUnderTest.of(AnalyticalSpec.of(name, 0.001)), new long[] {1, 2}, 3, null);
          assertThat(r.divergedCount()).as("%s on %s", name, p).isZero();
          assertThat(r.losses()[0]).hasSize(4);
        }
        EvaluationResult r =
            ev.run(OptimizerUnderTest.of(TrainedOptimizer.untrained(LearnedOptimizerConfig.rnnprop(), 1)), new long[] {1, 2}, 3, null);
        assertThat(r.divergedCount()).as("rnnprop on %s", p).isZero();
      }
    }
  }
}
