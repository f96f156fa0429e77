package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.program.ImitationProgram;
import org.l2o.engine.program.Rollout;
import org.l2o.engine.program.RolloutInput;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;
import org.l2o.engine.training.TrainingPrograms;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** Imitation episodes inside the meta-trainer (L2O-DM-IL). */
class ImitationTrainingTest {

  private static final TeacherSpec ADAM = TeacherSpec.parse("adam:0.01");
  private static final int STEPS = 20;
  /** Held-out problems: seeds no training episode uses. */
  private static final long[] HELD_OUT = {9001, 9002, 9003, 9004, 9005, 9006};

  /**
   * Mean imitation loss of {@code weights} on Adam's trajectories of the held-out quadratics:
   * how far the learned updates are from Adam's when both see Adam's gradients. With null
   * weights, the loss of a zero update (sum_t 1/2 ||dx_t||^2 / P): the scale of Adam's updates.
   */
  private static double heldOutImitationLoss(LearnedOptimizerConfig arch, float[] weights) {
    Optimizee q = Optimizees.create(ProblemName.QUADRATIC, null, 128);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      RolloutProgram teacher = new RolloutProgram(tf.withSubScope("teacher"),
          new ProblemGraph(tf, q), TrainingPrograms.teacherRule(ADAM), 1, STEPS, false, true);
      ImitationProgram ip = new ImitationProgram(tf.withSubScope("imitation"),
          TrainedOptimizer.untrained(arch, 0).rule(), q.paramCount(), STEPS);
      try (Session s = Sessions.open(g, 1)) {
        double sum = 0;
        for (long seed : HELD_OUT) {
          SeededRuns runs = new SeededRuns(q, new long[] {seed});
          Rollout r = teacher.run(s, new RolloutInput(TrainingPrograms.teacherRule(ADAM)
              .parameters(), runs.initialTheta(), teacher.initialState(), 1,
              runs.nextBatches(STEPS), runs.instances()));
          if (weights == null) {
            for (float d : r.deltas()) {
              sum += 0.5 * d * d / q.paramCount();
            }
          } else {
            sum += ip.run(s, weights, r.gradients(), r.deltas(), ip.initialState(), 1).loss();
          }
        }
        return sum / HELD_OUT.length;
      }
    }
  }

  @Test
  void imitatingAdamOnTheQuadraticBringsTheLearnedUpdatesCloseToAdams() {
    MetaTrainConfig cfg = MetaTrainConfig.builder()
        .problem(ProblemName.QUADRATIC)
        .epochs(100)
        .nTrain(STEPS)
        .nValid(STEPS)
        .validEvery(100)
        .validEpisodes(2)
        .ilRatio(1.0)
        .ilTeachers(List.of(ADAM))
        .seed(11)
        .build();
    List<Double> losses = new ArrayList<>();
    TrainingResult r = new MetaTrainer(cfg, null, new EngineListener() {
      @Override
      public void onMetric(String key, double value, long step) {
        if (key.equals("imitation_loss")) {
          losses.add(value);
        }
      }
    }).train();

    assertThat(r.imitationEpisodes()).isEqualTo(100);
    assertThat(r.imitationIterations()).isEqualTo(100);
    assertThat(r.metaIterations()).isZero();
    assertThat(r.imitationSteps()).isEqualTo(100L * STEPS);
    assertThat(r.trainSteps()).isEqualTo(100L * STEPS);
    assertThat(losses).hasSize(100);

    double before = heldOutImitationLoss(cfg.optimizer(),
        TrainedOptimizer.untrained(cfg.optimizer(), cfg.seed()).weights());
    double after = heldOutImitationLoss(cfg.optimizer(), r.last().weights());
    double zero = heldOutImitationLoss(cfg.optimizer(), null);
    System.out.printf("imitating Adam on the quadratic, held-out problems: imitation loss %.4g -> "
        + "%.4g after %d imitation steps of Adam (il_lr %g): %.1fx lower; relative RMS error of "
        + "the updates %.2f -> %.2f%n", before, after, r.imitationIterations(), cfg.ilLr(),
        before / after, Math.sqrt(before / zero), Math.sqrt(after / zero));
    // Measured 9.8x with these seeds; 5x leaves room for platform round-off.
    assertThat(after).isLessThan(before / 5);
    // Closer to Adam's updates than doing nothing, by a clear margin.
    assertThat(after).isLessThan(zero / 4);
  }

  @Test
  void episodesImitateWithRatioRAndTeachersTakeTurns() {
    MetaTrainConfig cfg = MetaTrainConfig.builder()
        .problem(ProblemName.QUADRATIC)
        .epochs(16)
        .unroll(5)
        .nTrain(10)
        .nValid(10)
        .validEvery(8)
        .validEpisodes(2)
        .ilRatio(0.5)
        .ilTeacherNames(List.of("adam:0.01", "sgd:0.01", "adagrad:0.01"))
        .seed(12)
        .build();
    MetaTrainerTest.Recorder rec = new MetaTrainerTest.Recorder();
    TrainingResult r = new MetaTrainer(cfg, null, rec).train();

    int il = r.imitationEpisodes();
    System.out.printf("r = 0.5 over 16 episodes: %d imitation episodes, per teacher %s%n", il,
        r.last().training().get("imitation_episodes_per_teacher"));
    // 16 draws at r = 0.5: 1..15 imitation episodes unless the sampler is broken (p < 1e-4).
    assertThat(il).isBetween(1, 15);
    assertThat(r.divergedEpisodes()).isZero();
    // Two chunks of 5 steps per episode, one Adam step each: imitation and meta-loss apart.
    assertThat(r.imitationIterations()).isEqualTo(2L * il);
    assertThat(r.metaIterations()).isEqualTo(2L * (16 - il));
    assertThat(rec.count("imitation_loss")).isEqualTo(2L * il);
    assertThat(rec.count("meta_loss")).isEqualTo(2L * (16 - il));
    assertThat(r.trainSteps()).isEqualTo(16L * 10);
    assertThat(r.imitationSteps()).isEqualTo(10L * il);
    // Round-robin: adam, sgd, adagrad, adam, ...
    @SuppressWarnings("unchecked")
    Map<String, Integer> per =
        (Map<String, Integer>) r.last().training().get("imitation_episodes_per_teacher");
    int adam = per.getOrDefault("adam:0.01", 0);
    int sgd = per.getOrDefault("sgd:0.01", 0);
    int adagrad = per.getOrDefault("adagrad:0.01", 0);
    assertThat(adam + sgd + adagrad).isEqualTo(il);
    assertThat(adam).isEqualTo((il + 2) / 3);
    assertThat(sgd).isEqualTo((il + 1) / 3);
    assertThat(adagrad).isEqualTo(il / 3);
  }

  @Test
  void divergingTeacherEpisodesAreCountedAndSkippedWithoutCrashing() {
    // SGD at lr 1e6 on the quadratic overflows within a few steps.
    MetaTrainConfig cfg = MetaTrainConfig.builder()
        .problem(ProblemName.QUADRATIC)
        .epochs(3)
        .nTrain(STEPS)
        .nValid(STEPS)
        .validEvery(3)
        .validEpisodes(2)
        .ilRatio(1.0)
        .ilTeacherNames(List.of("sgd:1e6"))
        .seed(13)
        .build();
    MetaTrainerTest.Recorder rec = new MetaTrainerTest.Recorder();
    TrainingResult r = new MetaTrainer(cfg, null, rec).train();

    assertThat(r.divergedEpisodes()).isEqualTo(3);
    assertThat(r.imitationEpisodes()).isEqualTo(3);
    assertThat(r.imitationIterations()).isZero();
    assertThat(rec.events).contains("diverged");
    // No step was applied: the weights are still the initial ones, bit for bit.
    assertThat(TrainedOptimizerTest.bits(r.last().weights())).containsExactly(
        TrainedOptimizerTest.bits(TrainedOptimizer.untrained(cfg.optimizer(), 13).weights()));
    assertThat(r.validations()).hasSize(1);
    assertThat(r.validations().get(0).score()).isFinite();
  }
}
