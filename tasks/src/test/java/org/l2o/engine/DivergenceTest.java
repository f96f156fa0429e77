package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** NaN/Inf is detected, recorded and contained: a diverged run stops cleanly, nothing crashes. */
class DivergenceTest {

  private static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};

  @Test
  void divergedEvaluationSeedGetsNanFromItsDivergenceOnAndOthersAreUntouched() {
    try (Evaluator ev = new Evaluator(ProblemName.QUADRATIC, null, 128, 1, "", 10)) {
      // SGD on this quadratic is stable below lr ~ 2/lambda_max; lr 4.2 is past it for some
      // instances (rows with a large top eigenvalue) and not for others.
      EvaluationResult r = ev.run(OptimizerUnderTest.of(AnalyticalSpec.of("sgd", 4.2)), SEEDS, 200, null);
      int diverged = r.divergedCount();
      System.out.printf("sgd lr 4.2 on the quadratic: %d of %d seeds diverged at %s%n",
          diverged, SEEDS.length, java.util.Arrays.toString(r.divergedAtStep()));
      assertThat(diverged).isBetween(1, SEEDS.length - 1);
      for (int s = 0; s < SEEDS.length; s++) {
        int at = r.divergedAtStep()[s];
        float[] curve = r.losses()[s];
        if (at >= 0) {
          for (int k = 0; k < at; k++) {
            assertThat(curve[k]).isFinite();
          }
          for (int k = at; k < curve.length; k++) {
            assertThat(curve[k]).isNaN();
          }
        } else {
          // A stable seed's curve is exactly what it is when run alone.
          float[] alone =
              ev.run(OptimizerUnderTest.of(AnalyticalSpec.of("sgd", 4.2)), new long[] {SEEDS[s]}, 200, null)
                  .losses()[0];
          assertThat(curve).containsExactly(alone);
        }
      }
    }
  }

  @Test
  void divergingTrainingEpisodesAreCountedAndSkippedWithoutCrashing() {
    // An output scale of 1e25 makes updates so large that the squared residuals overflow float32.
    LearnedOptimizerConfig wild = new LearnedOptimizerConfig("dm", 2, 20, 5, 1e25);
    MetaTrainConfig cfg =
        MetaTrainConfig.builder()
            .optimizer(wild)
            .problem(ProblemName.QUADRATIC)
            .epochs(4)
            .validEvery(2)
            .validEpisodes(2)
            .seed(1)
            .build();
    MetaTrainerTest.Recorder rec = new MetaTrainerTest.Recorder();
    TrainingResult r = new MetaTrainer(cfg, null, rec).train();
    System.out.printf("wild L2O-DM: %d of %d training episodes diverged; validations %s%n",
        r.divergedEpisodes(), r.episodes(), r.validations());
    assertThat(r.divergedEpisodes()).isEqualTo(4);
    assertThat(rec.events).contains("diverged");
    assertThat(rec.count("diverged_episodes")).isGreaterThanOrEqualTo(4);
    assertThat(r.validations()).allSatisfy(v -> assertThat(v.score()).isInfinite());
    assertThat(r.bestEpisode()).isEqualTo(-1);
    // No meta-step from a non-finite gradient: the weights are still finite.
    for (float w : r.last().weights()) {
      assertThat(w).isFinite();
    }
  }
}
