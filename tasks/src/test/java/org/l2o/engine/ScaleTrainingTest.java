package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.l2o.data.Dataset;
import org.l2o.data.SyntheticImages;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.RunSeeds;
import org.l2o.engine.program.Rollout;
import org.l2o.engine.program.RolloutInput;
import org.l2o.engine.program.SeededRuns;
import org.l2o.engine.training.EpisodeRunner;
import org.l2o.engine.training.ObjectiveSubsets;
import org.l2o.engine.training.TrainingPrograms;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * L2O-Scale-CL-IL meta-training end to end on a small MLP over synthetic data (the recipe, the
 * curriculum, imitation episodes, validation on objective subsets from the carried state), and
 * the carried state itself: an episode starts from the state the previous episode had at the
 * start of its last unroll.
 */
@Tag("slow")
class ScaleTrainingTest {

  private static final Dataset DATA = SyntheticImages.images("synthetic-small", 400, 4, 4, 1, 3, 2);

  private static MetaTrainConfig.Builder config() {
    return PaperPresets.of("scale-cl-il")
        .clSchedule(List.of(20, 40))
        .ilRatios(List.of(0.5))
        .metaLr(1e-3)
        .batchSize(16)
        .epochs(8)
        .validEpisodes(2)
        .seed(0); // its episode kinds: meta-loss, imitation, imitation, meta-loss, ...
  }

  @Test
  void scaleClIlTrainsWithBothEpisodeKindsAndValidatesOnObjectiveSubsets() {
    MetaTrainConfig cfg = config().build();
    MetaTrainerTest.Recorder rec = new MetaTrainerTest.Recorder();
    long start = System.nanoTime();
    TrainingResult r = new MetaTrainer(cfg, DATA, rec).train();
    System.out.printf("scale-cl-il on synthetic data: %d episodes (%d imitation) in %.1f s, "
            + "stages %s, best %.4f at episode %d%n", r.episodes(), r.imitationEpisodes(),
        (System.nanoTime() - start) / 1e9, r.history().stages().size(), r.bestScore(),
        r.bestEpisode());
    assertThat(r.divergedEpisodes()).isZero();
    assertThat(r.imitationEpisodes()).as("both kinds of episode").isBetween(1, r.episodes() - 1);
    // Validation after every episode (T_period 1), plus a baseline per advance.
    assertThat(rec.count("valid_score")).isEqualTo(r.episodes());
    assertThat(r.validations()).allMatch(v -> Double.isFinite(v.score()));
    // Scores are means of F over a loss in (0, ln 3 + a bit) from N(0, 1) starts... on 3 classes.
    assertThat(r.bestScore()).isPositive();
    assertThat(r.best().config()).isEqualTo(LearnedOptimizerConfig.scale());
    assertThat(r.best().training())
        .containsEntry("meta_optimizer", "rmsprop")
        .containsEntry("il_weight", 0.05)
        .containsEntry(TrainedOptimizer.TENSOR_SIZES_KEY, List.of(16 * 20, 20, 20 * 3, 3));
    assertThat(r.metaIterations() + r.imitationIterations())
        .as("one meta-step per unroll of either kind: %s", r.history().stages())
        .isEqualTo(r.trainSteps() / 20);
  }

  @Test
  void anEpisodeStartsFromTheStateAtTheStartOfThePreviousEpisodesLastUnroll() {
    MetaTrainConfig cfg = config().clSchedule(List.of(40)).ilRatios(List.of(0.0)).build();
    Optimizee problem = Optimizees.create(cfg.problem(), DATA, cfg.batchSize());
    TrainedOptimizer init = TrainedOptimizer.untrained(cfg.optimizer(), 1);
    try (TrainingPrograms programs = new TrainingPrograms(cfg, problem, init.rule())) {
      float[] w = init.weights();
      EpisodeRunner runner = new EpisodeRunner(
          programs, EngineListener.NONE, cfg.recipe().newMetaOptimizer(w.length, 1e-3), null);
      assertThat(runner.carriedState()).isNull();

      // One unroll: the carried state is the episode's start, the fresh state of its seed.
      runner.metaLoss(w, 11, 20, 1);
      float[][] fresh = programs.train(20).initialState(new long[] {11});
      assertSameBits(runner.carriedState(), fresh);

      // Two unrolls from that state: the carry is the state after the first one, which ran
      // with the weights as they were before the episode.
      float[] before = w.clone();
      runner.metaLoss(w, 12, 40, 2);
      SeededRuns run = new SeededRuns(problem, new long[] {12}, 1.0);
      ObjectiveSubsets.Unroll data =
          new ObjectiveSubsets(problem, programs.objectiveExamples(), RunSeeds.batches(12)).next(20);
      Rollout first = programs.train(20).run(programs.session(),
          new RolloutInput(before, run.initialTheta(), fresh, 1, data.batches(), run.instances(),
              data.examples(), null));
      assertSameBits(runner.carriedState(), first.state());
      assertThat(runner.lastObjectiveExamples()).hasSize(programs.objectiveExamples());
      assertThat(w).isNotEqualTo(before);
    }
  }

  private static void assertSameBits(float[][] a, float[][] b) {
    assertThat(a.length).isEqualTo(b.length);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as("slot %d", i).containsExactly(b[i]);
    }
  }
}
