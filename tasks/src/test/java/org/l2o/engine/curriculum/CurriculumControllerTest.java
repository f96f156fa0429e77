package org.l2o.engine.curriculum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.engine.EngineListener;
import org.l2o.engine.curriculum.Decision.Kind;

class CurriculumControllerTest {

  private static CurriculumController paper() {
    return new CurriculumController(CurriculumSchedule.paperCurriculum());
  }

  private static List<Kind> kinds(CurriculumController c) {
    return c.history().decisions().stream().map(Decision::kind).toList();
  }

  @Test
  void stageAdvancesAtTheFirstNonImprovingValidationAfterTheMinimum() {
    CurriculumController c = paper();
    assertThat(c.reportValidation(100, 10.0).kind()).isEqualTo(Kind.NEW_BEST);
    assertThat(c.reportValidation(200, 9.0).kind()).isEqualTo(Kind.NEW_BEST);
    Decision d = c.reportValidation(300, 9.5);

    assertThat(d.kind()).isEqualTo(Kind.ADVANCE);
    assertThat(d.fromStage()).isZero();
    assertThat(d.toStage()).isEqualTo(1);
    assertThat(d.restoreBest()).isTrue();
    assertThat(c.stage()).isEqualTo(1);
    assertThat(c.nTrain()).isEqualTo(200);
    assertThat(c.nValid()).isEqualTo(500);
    assertThat(c.awaitingBaseline()).isTrue();
    assertThat(c.best()).isEqualTo(new BestModel(200, 0, 100, 200, 9.0));
  }

  @Test
  void aWorseScoreBeforeTheMinimumDoesNotEndTheStage() {
    CurriculumController c = paper();
    c.reportValidation(100, 10.0);
    assertThat(c.reportValidation(200, 11.0).kind()).isEqualTo(Kind.CONTINUE);
    assertThat(c.stage()).isZero();
    assertThat(c.reportValidation(300, 12.0).kind()).isEqualTo(Kind.ADVANCE);
  }

  @Test
  void improvingScoresKeepTheStageGoingPastTheMinimum() {
    CurriculumController c = paper();
    double[] scores = {10, 9, 8, 7, 6};
    for (int i = 0; i < scores.length; i++) {
      assertThat(c.reportValidation(100L * (i + 1), scores[i]).kind()).isEqualTo(Kind.NEW_BEST);
    }
    assertThat(c.stage()).isZero();
    assertThat(c.reportValidation(600, 6.5).kind()).isEqualTo(Kind.ADVANCE);
    assertThat(c.history().stages().get(0).validations()).isEqualTo(6);
  }

  @Test
  void equalScoreDoesNotImprove() {
    CurriculumController c = paper();
    c.reportValidation(100, 5.0);
    assertThat(c.reportValidation(200, 5.0).kind()).isEqualTo(Kind.CONTINUE);
    assertThat(c.best().epoch()).isEqualTo(100);
  }

  @Test
  void stageThatNeverBeatsItsBaselineStopsAndKeepsThePreviousBest() {
    CurriculumController c = paper();
    c.reportValidation(100, 10.0);
    c.reportValidation(200, 9.0);
    c.reportValidation(300, 9.5);
    c.reportBaseline(300, 20.0);
    assertThat(c.reportValidation(400, 21.0).kind()).isEqualTo(Kind.CONTINUE);
    assertThat(c.reportValidation(500, 20.0).kind()).isEqualTo(Kind.CONTINUE);
    Decision d = c.reportValidation(600, 25.0);

    assertThat(d.kind()).isEqualTo(Kind.STOP);
    assertThat(d.restoreBest()).isTrue();
    assertThat(d.fromStage()).isEqualTo(1);
    assertThat(d.toStage()).isEqualTo(1);
    assertThat(c.finished()).isTrue();
    assertThat(c.outcome()).isEqualTo(Kind.STOP);
    assertThat(c.best()).isEqualTo(new BestModel(200, 0, 100, 200, 9.0));
    assertThat(c.validationDue(700)).isFalse();
  }

  @Test
  void nanAndInfiniteScoresNeverImprove() {
    CurriculumController c = paper();
    assertThat(c.reportValidation(100, Double.NaN).kind()).isEqualTo(Kind.CONTINUE);
    assertThat(c.reportValidation(200, 10.0).kind()).isEqualTo(Kind.NEW_BEST);
    assertThat(c.reportValidation(300, Double.NEGATIVE_INFINITY).kind())
        .isEqualTo(Kind.ADVANCE);
    assertThat(c.best().score()).isEqualTo(10.0);
    assertThat(c.history().validations())
        .extracting(ValidationRecord::isBest).containsExactly(false, true, false);
  }

  @Test
  void firstStageWithoutAnyFiniteScoreStopsWithNothingToRestore() {
    CurriculumController c = paper();
    c.reportValidation(100, Double.NaN);
    c.reportValidation(200, Double.POSITIVE_INFINITY);
    Decision d = c.reportValidation(300, Double.NaN);

    assertThat(d.kind()).isEqualTo(Kind.STOP);
    assertThat(d.restoreBest()).isFalse();
    assertThat(c.best()).isNull();
    assertThat(d.reason()).contains("no best snapshot");
  }

  @Test
  void nonFiniteBaselineIsBeatenByAnyFiniteScore() {
    CurriculumController c = paper();
    c.reportValidation(100, 10.0);
    c.reportValidation(200, 10.0);
    c.reportValidation(300, 10.0);
    c.reportBaseline(300, Double.NaN);
    assertThat(c.reportValidation(400, 1e6).kind()).isEqualTo(Kind.NEW_BEST);
    assertThat(c.best()).isEqualTo(new BestModel(400, 1, 200, 500, 1e6));
  }

  @Test
  void exhaustedScheduleEndsCleanlyAtTheLastStageValidatingAtItsOwnLength() {
    CurriculumSchedule two = CurriculumSchedule.curriculum(List.of(100, 200), 100, 3, List.of(0.0));
    ScriptedTrainer t = new ScriptedTrainer(new CurriculumController(two),
        10, 9, 9.5,        // stage 0 improves then ends
        20,                // baseline of stage 1 at n_valid 200
        19, 19.5, 19.2,    // stage 1 (last) improves then ends
        99)                // never read: training is over
        .run(10_000);
    CurriculumController c = t.controller;

    assertThat(c.finished()).isTrue();
    assertThat(c.outcome()).isEqualTo(Kind.EXHAUSTED);
    assertThat(c.stage()).isEqualTo(1);
    assertThat(c.nValid()).isEqualTo(200);
    assertThat(t.epoch).isEqualTo(600);
    assertThat(t.model()).isEqualTo("trained@400");
    assertThat(c.best()).isEqualTo(new BestModel(400, 1, 200, 200, 19.0));
    assertThat(kinds(c)).containsExactly(
        Kind.NEW_BEST, Kind.NEW_BEST, Kind.ADVANCE, Kind.NEW_BEST, Kind.CONTINUE,
        Kind.EXHAUSTED);
    assertThatThrownBy(() -> c.reportValidation(700, 1.0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("exhausted");
  }

  @Test
  void advanceRestoresTheStageBestAndValidatesItAtTheNewHorizon() {
    ScriptedTrainer t = new ScriptedTrainer(paper(), 10, 9, 9.5, 30, 31, 32, 33).run(10_000);

    assertThat(t.log).containsExactly(
        "validate trained@100 at n_valid 200 = 10.0",
        "save trained@100",
        "validate trained@200 at n_valid 200 = 9.0",
        "save trained@200",
        "validate trained@300 at n_valid 200 = 9.5",
        "restore trained@200",
        "baseline trained@200 at n_valid 500 = 30.0",
        "validate trained@400 at n_valid 500 = 31.0",
        "validate trained@500 at n_valid 500 = 32.0",
        "validate trained@600 at n_valid 500 = 33.0",
        "restore trained@200");
    assertThat(t.model()).isEqualTo("trained@200");
    assertThat(t.controller.outcome()).isEqualTo(Kind.STOP);
    assertThat(t.controller.history().validations())
        .filteredOn(ValidationRecord::baseline)
        .containsExactly(new ValidationRecord(300, 1, 200, 500, 30.0, false, true));
  }

  /**
   * The paper's cost example (Appendix A1.2): four stages of 300 epochs each, the best model saved while
   * N_train = 500, stopping in stage N_train = 1000: (100 + 200 + 500 + 1000) x 300 steps. The
   * paper prints that product as 360,000, but 1,800 x 300 is 540,000; the count here is the
   * product itself, so the report can flag the paper's slip rather than inherit it.
   */
  @Test
  void seedCostExampleCountsEpochsTimesNTrainOverItsFourStages() {
    ScriptedTrainer t = new ScriptedTrainer(paper(),
        10, 9, 9.5,        // n_train 100: improves, ends at validation 3
        20, 19, 18, 18.5,  // n_train 200: baseline 20, improves, ends
        30, 29, 29.5, 30,  // n_train 500: baseline 30, best 29 at epoch 700, ends
        40, 41, 42, 40)    // n_train 1000: baseline 40, never strictly better: stop
        .run(5_000);
    CurriculumController c = t.controller;

    long expectedTrain = (100L + 200 + 500 + 1000) * 300;
    assertThat(c.trainSteps()).isEqualTo(expectedTrain).isEqualTo(540_000L);
    assertThat(c.history().stages())
        .extracting(StageRecord::trainSteps)
        .containsExactly(100L * 300, 200L * 300, 500L * 300, 1000L * 300);
    assertThat(c.outcome()).isEqualTo(Kind.STOP);
    assertThat(c.best().nTrain()).isEqualTo(500);
    assertThat(c.best().epoch()).isEqualTo(700);
    assertThat(t.model()).isEqualTo("trained@700");
    // validation: 20 episodes x n_valid, 3 per stage plus one baseline per later stage
    long expectedValid = 20L * (3 * 200 + 4 * 500 + 4 * 1000 + 4 * 1500);
    assertThat(c.validSteps()).isEqualTo(expectedValid);
    assertThat(c.history().stages()).extracting(StageRecord::validSteps).containsExactly(
        20L * 3 * 200, 20L * 4 * 500, 20L * 4 * 1000, 20L * 4 * 1500);
    // the paper's comparison: AUG is 5,000 epochs x 1,000 steps
    assertThat(5_000L * 1_000 / (double) c.trainSteps()).isCloseTo(5e6 / 5.4e5, within(1e-12));
  }

  @Test
  void keepBestScheduleNeverEndsEarlyAndRestoresTheBestWhenTheBudgetIsSpent() {
    CurriculumSchedule aug = CurriculumSchedule.fixed(1000, 1500, 100, 0.0);
    double[] scores = {5, 6, 7, 8, 9, 4, 10, 11, 12, 13};
    ScriptedTrainer t = new ScriptedTrainer(new CurriculumController(aug), scores).run(1000);
    CurriculumController c = t.controller;

    assertThat(kinds(c)).containsExactly(
        Kind.NEW_BEST, Kind.CONTINUE, Kind.CONTINUE, Kind.CONTINUE, Kind.CONTINUE,
        Kind.NEW_BEST, Kind.CONTINUE, Kind.CONTINUE, Kind.CONTINUE, Kind.CONTINUE,
        Kind.BUDGET_SPENT);
    assertThat(c.outcome()).isEqualTo(Kind.BUDGET_SPENT);
    assertThat(t.model()).isEqualTo("trained@600");
    assertThat(c.trainSteps()).isEqualTo(1000L * 1000);
    assertThat(c.validSteps()).isEqualTo(10L * 20 * 1500);
  }

  @Test
  void curriculumCutShortByTheBudgetEndsWithBudgetSpent() {
    ScriptedTrainer t = new ScriptedTrainer(paper(), 10, 9, 9.5, 30, 29, 29.5).run(500);
    assertThat(t.controller.outcome()).isEqualTo(Kind.BUDGET_SPENT);
    assertThat(t.controller.stage()).isEqualTo(1);
    assertThat(t.model()).isEqualTo("trained@400");
  }

  @Test
  void validationIsDueEveryPeriodWhileRunning() {
    CurriculumController c = paper();
    assertThat(c.validationDue(0)).isFalse();
    assertThat(c.validationDue(99)).isFalse();
    assertThat(c.validationDue(100)).isTrue();
    assertThat(c.validationDue(250)).isFalse();
    assertThat(c.validationDue(300)).isTrue();
  }

  @Test
  void baselineIsRequiredRightAfterAnAdvanceAndOnlyThen() {
    CurriculumController c = paper();
    assertThatThrownBy(() -> c.reportBaseline(100, 1.0))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no advance is pending");
    c.reportValidation(100, 3.0);
    c.reportValidation(200, 3.0);
    c.reportValidation(300, 3.0);
    assertThat(c.validationDue(400)).isFalse();
    assertThatThrownBy(() -> c.reportValidation(400, 1.0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("reportBaseline")
        .hasMessageContaining("n_valid = 500");
  }

  @Test
  void epochsMustNotGoBackwards() {
    CurriculumController c = paper();
    c.reportValidation(200, 3.0);
    assertThatThrownBy(() -> c.reportValidation(100, 2.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch 100");
    assertThatThrownBy(() -> c.addTrainSteps(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }

  @Test
  void stageRatioFollowsTheScheduleAsStagesAdvance() {
    CurriculumSchedule s = CurriculumSchedule.curriculum(
        List.of(100, 200, 500, 1000), 100, 1, CurriculumSchedule.IMITATION_RATIOS_CL_IL_DEFAULT);
    CurriculumController c = new CurriculumController(s);
    List<Double> ratios = new ArrayList<>();
    ratios.add(c.imitationRatio());
    long epoch = 100;
    for (int stage = 0; stage < 3; stage++) {
      c.reportValidation(epoch, 1.0);
      c.reportValidation(epoch += 100, 2.0);
      c.reportBaseline(epoch, 3.0);
      ratios.add(c.imitationRatio());
      epoch += 100;
    }
    assertThat(ratios).containsExactly(0.0, 0.1, 0.3, 0.3);
  }

  @Test
  void listenerHearsMetricsAndEveryDecisionButContinue() {
    List<String> heard = new ArrayList<>();
    EngineListener listener = new EngineListener() {
      @Override
      public void onMetric(String key, double value, long step) {
        heard.add(key + "@" + step + "=" + value);
      }

      @Override
      public void onEvent(String kind, Map<String, Object> details) {
        heard.add(kind + " " + details.get("from_stage") + "->" + details.get("to_stage"));
      }
    };
    CurriculumController c =
        new CurriculumController(CurriculumSchedule.paperCurriculum(), listener);
    c.reportValidation(100, 2.0);
    c.reportValidation(200, 3.0);
    c.reportValidation(300, 3.0);
    c.reportBaseline(300, 4.0);

    assertThat(heard).containsExactly(
        "valid_score@100=2.0", "curriculum_stage@100=0.0", "new_best 0->0",
        "valid_score@200=3.0", "curriculum_stage@200=0.0",
        "valid_score@300=3.0", "curriculum_stage@300=0.0", "advance 0->1",
        "baseline_score@300=4.0", "curriculum_stage@300=1.0");
  }

  @Test
  void historyJsonRoundTripsWithNonFiniteScores(@TempDir Path dir) throws Exception {
    ScriptedTrainer t = new ScriptedTrainer(paper(),
        Double.NaN, 9, Double.POSITIVE_INFINITY, 20, 19, 19.5, 19.7, 30, 31)
        .run(10_000);
    CurriculumController c = t.controller;
    Path file = dir.resolve("out").resolve(CurriculumHistory.FILE_NAME);
    c.writeJson(file);

    CurriculumHistory back = CurriculumHistory.readJson(file);
    assertThat(back).isEqualTo(c.history());
    assertThat(back.validations().get(0).score()).isNaN();
    assertThat(back.outcome()).isNull();
    assertThat(back.schedule().nValid(7)).isEqualTo(3000);
    String text = Files.readString(file);
    assertThat(text).contains("\"is_best\"", "\"n_valid\"", "\"train_steps\"",
        "\"from_stage\"", "\"kind\" : \"advance\"", "\"mode\" : \"curriculum\"", "\"NaN\"");
  }

  @Test
  void finishedHistoryRecordsOutcomeAndBest(@TempDir Path dir) {
    ScriptedTrainer t = new ScriptedTrainer(paper(), 10, 11, 12, 20, 21, 22, 23).run(10_000);
    Path file = dir.resolve(CurriculumHistory.FILE_NAME);
    t.controller.writeJson(file);
    CurriculumHistory back = CurriculumHistory.readJson(file);

    assertThat(back.outcome()).isEqualTo(Kind.STOP);
    assertThat(back.decisions()).last().extracting(Decision::kind).isEqualTo(Kind.STOP);
    assertThat(back.best()).isEqualTo(new BestModel(100, 0, 100, 200, 10.0));
  }
}
