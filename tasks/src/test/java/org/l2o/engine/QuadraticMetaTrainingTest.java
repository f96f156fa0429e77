package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Meta-training L2O-DM on the quadratic with fixed seeds must produce an optimizer that beats its
 * own untrained self and SGD at its best learning rate from a small grid, after 100 steps.
 */
class QuadraticMetaTrainingTest {

  private static final long[] EVAL_SEEDS = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110};
  private static final int STEPS = 100;

  @Test
  void trainedDmBeatsUntrainedAndBestSgdOnQuadratic() {
    MetaTrainConfig cfg =
        MetaTrainConfig.builder()
            .problem(ProblemName.QUADRATIC)
            .epochs(300)
            .validEvery(50)
            .validEpisodes(10)
            .seed(7)
            .build();
    List<Double> metaLosses = new ArrayList<>();
    TrainingResult result =
        new MetaTrainer(
                cfg,
                null,
                new EngineListener() {
                  @Override
                  public void onMetric(String key, double value, long step) {
                    if (key.equals("meta_loss")) {
                      metaLosses.add(value);
                    }
                  }
                })
            .train();

    assertThat(result.trainSteps()).isEqualTo(300L * 100);
    assertThat(result.metaIterations()).isEqualTo(300L * 5);
    assertThat(result.validations()).hasSize(6);
    assertThat(metaLosses).hasSize((int) result.metaIterations());

    try (Evaluator ev = new Evaluator(ProblemName.QUADRATIC, null, 128, 1, "")) {
      double trained = meanFinal(ev.run(OptimizerUnderTest.of(result.best()), EVAL_SEEDS, STEPS, null));
      double untrained =
          meanFinal(
              ev.run(
                  OptimizerUnderTest.of(TrainedOptimizer.untrained(cfg.optimizer(), cfg.seed())),
                  EVAL_SEEDS,
                  STEPS,
                  null));
      double bestSgd = Double.POSITIVE_INFINITY;
      double bestLr = Double.NaN;
      for (double lr : new double[] {0.001, 0.003, 0.01, 0.03}) {
        double f = meanFinal(ev.run(OptimizerUnderTest.of(AnalyticalSpec.of("sgd", lr)), EVAL_SEEDS, STEPS, null));
        System.out.printf("quadratic: sgd lr=%g mean loss after %d steps = %.6g%n", lr, STEPS, f);
        if (f < bestSgd) {
          bestSgd = f;
          bestLr = lr;
        }
      }
      System.out.printf(
          "quadratic: after %d steps (mean of %d seeds) trained L2O-DM %.6g, untrained %.6g, "
              + "best SGD (lr %g) %.6g; best validation %.6g at episode %d%n",
          STEPS, EVAL_SEEDS.length, trained, untrained, bestLr, bestSgd, result.bestScore(),
          result.bestEpisode());
      assertThat(trained).isLessThan(untrained);
      assertThat(trained).isLessThan(bestSgd);
    }
  }

  private static double meanFinal(EvaluationResult r) {
    assertThat(r.divergedCount()).isZero();
    double sum = 0;
    for (float f : r.finalLosses()) {
      sum += f;
    }
    return sum / r.finalLosses().length;
  }
}
