package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.engine.curriculum.CurriculumHistory;
import org.l2o.engine.curriculum.CurriculumSchedule;
import org.l2o.engine.curriculum.Decision;
import org.l2o.engine.curriculum.StageRecord;

/**
 * Curriculum learning driven by real training on the quadratic: the controller's decisions are
 * tested on scripted scores elsewhere; here the trainer must act on them (validate at the next
 * stage's length, restore the saved snapshot, re-validate it as the baseline, stop cleanly) and
 * count every optimizee step.
 */
class CurriculumTrainingTest {

  /** Records metrics by key and events with their details. */
  static final class Log implements EngineListener {
    final List<String> metrics = new ArrayList<>();
    final List<Map<String, Object>> events = new ArrayList<>();

    @Override
    public void onMetric(String key, double value, long step) {
      metrics.add(key);
    }

    @Override
    public void onEvent(String kind, Map<String, Object> details) {
      Map<String, Object> e = new LinkedHashMap<>(details);
      e.put("kind", kind);
      events.add(e);
    }

    long count(String key) {
      return metrics.stream().filter(key::equals).count();
    }

    List<Map<String, Object>> events(String kind) {
      return events.stream().filter(e -> kind.equals(e.get("kind"))).toList();
    }
  }

  private static MetaTrainConfig.Builder quadratic() {
    return MetaTrainConfig.builder()
        .problem(ProblemName.QUADRATIC)
        .unroll(10)
        .validEpisodes(4);
  }

  @Test
  void curriculumValidatesAtTheNextLengthRestoresTheBestAndCountsEveryStep() {
    MetaTrainConfig cfg = quadratic()
        .clSchedule(List.of(10, 20, 40))
        .validEvery(2)
        .clMinValidations(2)
        .epochs(40)
        .seed(21)
        .build();
    Log log = new Log();
    TrainingResult r = new MetaTrainer(cfg, null, log).train();
    CurriculumHistory h = r.history();
    CurriculumSchedule schedule = h.schedule();
    System.out.printf("curriculum on the quadratic: %d episodes, stages %s, outcome %s, "
            + "decisions %s, train steps %d, valid steps %d%n", r.episodes(),
        h.stages().stream().map(StageRecord::nTrain).toList(), h.outcome(),
        h.decisions().stream().filter(d -> d.kind() != Decision.Kind.CONTINUE)
            .map(d -> d.kind().label() + "@" + d.epoch()).toList(),
        r.trainSteps(), r.validSteps());

    assertThat(schedule.nTrain()).containsExactly(10, 20, 40);
    assertThat(schedule.nValid()).containsExactly(20, 40, 40);
    List<Decision> advances =
        h.decisions().stream().filter(d -> d.kind() == Decision.Kind.ADVANCE).toList();
    assertThat(advances).as("these seeds advance at least once").isNotEmpty();
    assertThat(h.outcome()).isNotNull();

    // Every validation runs at its stage's N_valid: the next stage's N_train.
    for (var v : h.validations()) {
      assertThat(v.nValid()).isEqualTo(schedule.nTrain(Math.min(v.stage() + 1, 2)));
      if (!v.baseline()) {
        assertThat(v.epoch() % 2).isZero();
      }
    }
    // Each advance is followed at once by the new stage's baseline.
    for (Decision d : advances) {
      assertThat(h.validations()).anySatisfy(v -> {
        assertThat(v.baseline()).isTrue();
        assertThat(v.epoch()).isEqualTo(d.epoch());
        assertThat(v.stage()).isEqualTo(d.toStage());
      });
    }

    // Training steps: every episode ran its stage's N_train.
    long expectedTrain = 0;
    for (long e = 1; e <= r.episodes(); e++) {
      int stage = 0;
      for (Decision d : advances) {
        if (d.epoch() < e) {
          stage = d.toStage();
        }
      }
      expectedTrain += schedule.nTrain(stage);
    }
    assertThat(r.trainSteps()).isEqualTo(expectedTrain);
    assertThat(h.stages().stream().mapToLong(StageRecord::trainSteps).sum())
        .isEqualTo(expectedTrain);
    // Validation steps: 4 episodes of N_valid per validation, baselines included.
    long expectedValid = h.validations().stream().mapToLong(v -> 4L * v.nValid()).sum();
    assertThat(r.validSteps()).isEqualTo(expectedValid);
    assertThat(r.validations()).hasSize(h.validations().size());

    // Snapshots and restores: each restore loads the latest snapshot, bit for bit.
    Object lastSnapshot = null;
    int restores = 0;
    for (Map<String, Object> e : log.events) {
      if (e.get("kind").equals("snapshot")) {
        lastSnapshot = e.get("weights_checksum");
      } else if (e.get("kind").equals("restore")) {
        assertThat(e.get("weights_checksum")).isEqualTo(lastSnapshot);
        restores++;
      }
    }
    assertThat(restores).isGreaterThanOrEqualTo(advances.size());
    assertThat(log.events("snapshot"))
        .hasSize((int) h.validations().stream().filter(v -> v.isBest()).count());
    assertThat(MetaTrainer.checksum(r.best().weights())).isEqualTo(lastSnapshot);
    assertThat(r.bestEpisode()).isEqualTo((int) h.best().epoch());
    assertThat(r.bestScore()).isEqualTo(h.best().score());

    // Metrics: one valid_score per periodic validation, a baseline_score per advance, the stage
    // at every validation.
    long periodic = h.validations().stream().filter(v -> !v.baseline()).count();
    assertThat(log.count("valid_score")).isEqualTo(periodic);
    assertThat(log.count("baseline_score")).isEqualTo(advances.size());
    assertThat(log.count("curriculum_stage")).isEqualTo(h.validations().size());
    assertThat(log.count("validation_score")).isZero();
  }

  @Test
  void trainingEndsCleanlyBeforeTheBudgetWhenTheCurriculumStopsOrRunsOut() {
    MetaTrainConfig cfg = quadratic()
        .clSchedule(List.of(10, 20))
        .validEvery(1)
        .clMinValidations(1)
        .epochs(100)
        .seed(22)
        .build();
    TrainingResult r = new MetaTrainer(cfg, null, EngineListener.NONE).train();
    CurriculumHistory h = r.history();
    System.out.printf("curriculum [10, 20], N_period 1: outcome %s after %d episodes%n",
        h.outcome(), r.episodes());

    assertThat(h.outcome()).isIn(Decision.Kind.STOP, Decision.Kind.EXHAUSTED);
    assertThat(r.episodes()).isLessThan(100);
    assertThat(r.trainSteps()).isLessThanOrEqualTo(20L * r.episodes());
    // The kept model is the saved best, validated at the longer horizon.
    assertThat(h.best()).isNotNull();
    assertThat(h.best().nValid()).isEqualTo(20);
    assertThat(r.bestScore()).isFinite();
    // The last model is the one training stopped at, trained on past the snapshot.
    assertThat(r.last().weights()).isNotEqualTo(r.best().weights());
  }

  @Test
  void spentBudgetEndsTrainingWithTheBestSnapshot() {
    MetaTrainConfig cfg = quadratic()
        .clSchedule(List.of(10, 20, 40, 80))
        .validEvery(2)
        .clMinValidations(3)
        .epochs(5)
        .seed(23)
        .build();
    TrainingResult r = new MetaTrainer(cfg, null, EngineListener.NONE).train();

    assertThat(r.history().outcome()).isEqualTo(Decision.Kind.BUDGET_SPENT);
    assertThat(r.episodes()).isEqualTo(5);
    assertThat(r.trainSteps()).isEqualTo(5L * 10);
    // Periodic validations at 2 and 4 only: no extra one at the end of a curriculum budget.
    assertThat(r.validations()).extracting(ValidationRecord::episode).containsExactly(2, 4);
    assertThat(r.validSteps()).isEqualTo(2L * 4 * 20);
    assertThat(r.best().weights()).isNotEqualTo(r.last().weights());
  }
}
