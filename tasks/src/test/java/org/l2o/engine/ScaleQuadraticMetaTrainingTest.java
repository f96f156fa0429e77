package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * L2O-Scale meta-trained on the quadratic with the authors' recipe (RMSProp with clipping, the
 * log-ratio objective, N(0, 1) starts, state carried across episodes), but a meta learning rate
 * of 1e-2 instead of their 1e-6 so that 100 episodes can move the weights: the trained optimizer
 * must beat its untrained self and SGD at its best learning rate from a small grid, after 100
 * steps from the evaluation init.
 */
@Tag("slow")
class ScaleQuadraticMetaTrainingTest {

  private static final long[] EVAL_SEEDS = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110};
  private static final int STEPS = 100;

  @Test
  void trainedScaleBeatsUntrainedAndBestSgdOnQuadratic() {
    MetaTrainConfig cfg =
        PaperPresets.of("scale")
            .problem(ProblemName.QUADRATIC)
            .metaLr(1e-2)
            .epochs(100)
            .validEvery(25)
            .validEpisodes(10)
            .seed(7)
            .build();
    assertThat(cfg.recipe()).isEqualTo(TrainingRecipe.scale());
    List<Double> metaLosses = new ArrayList<>();
    long start = System.nanoTime();
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
    System.out.printf("quadratic: scale meta-training took %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertThat(result.metaIterations()).isEqualTo(100L * 5);
    assertThat(result.divergedEpisodes()).isZero();
    assertThat(metaLosses).hasSize(500).allMatch(Double::isFinite);
    // The log-ratio objective is ln(F / f0) averaged: below 0 once the optimizer makes progress.
    double lastTen = metaLosses.subList(490, 500).stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(lastTen).isLessThan(0);
    assertThat(result.best().training()).containsEntry("meta_optimizer", "rmsprop")
        .containsEntry("carry_state", true);

    try (Evaluator ev = new Evaluator(ProblemName.QUADRATIC, null, 128, 1, "")) {
      double trained = meanFinal(ev.run(OptimizerUnderTest.of(result.best()), EVAL_SEEDS, STEPS, null));
      double untrained = meanFinal(ev.run(
          OptimizerUnderTest.of(TrainedOptimizer.untrained(cfg.optimizer(), cfg.seed())),
          EVAL_SEEDS, STEPS, null));
      double bestSgd = Double.POSITIVE_INFINITY;
      double bestLr = Double.NaN;
      for (double lr : new double[] {0.03, 0.1, 0.3, 1.0, 3.0}) {
        EvaluationResult sgd =
            ev.run(OptimizerUnderTest.of(AnalyticalSpec.of("sgd", lr)), EVAL_SEEDS, STEPS, null);
        double f = sgd.divergedCount() > 0 ? Double.POSITIVE_INFINITY : meanFinal(sgd);
        System.out.printf("quadratic: sgd lr=%g mean loss after %d steps = %.6g%n", lr, STEPS, f);
        if (f < bestSgd) {
          bestSgd = f;
          bestLr = lr;
        }
      }
      System.out.printf(
          "quadratic: after %d steps (mean of %d seeds) trained L2O-Scale %.6g, untrained %.6g, "
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
