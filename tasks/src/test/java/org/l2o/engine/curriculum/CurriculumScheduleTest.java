package org.l2o.engine.curriculum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurriculumScheduleTest {

  @Test
  void eachStageValidatesAtTheNextStagesLengthAndTheLastAtItsOwn() {
    CurriculumSchedule s = CurriculumSchedule.paperCurriculum();
    assertThat(s.stages()).isEqualTo(8);
    assertThat(s.nTrain()).containsExactly(100, 200, 500, 1000, 1500, 2000, 2500, 3000);
    assertThat(s.nValid()).containsExactly(200, 500, 1000, 1500, 2000, 2500, 3000, 3000);
    assertThat(s.nTrain(2)).isEqualTo(500);
    assertThat(s.nValid(2)).isEqualTo(1000);
    assertThat(s.validationPeriod()).isEqualTo(100);
    assertThat(s.minValidations()).isEqualTo(3);
    assertThat(s.isCurriculum()).isTrue();
  }

  @Test
  void lastImitationRatioRepeatsForLaterStages() {
    CurriculumSchedule s = CurriculumSchedule.curriculum(
        CurriculumSchedule.N_TRAIN_DEFAULT, 100, 3,
        CurriculumSchedule.IMITATION_RATIOS_CL_IL_DEFAULT);
    double[] r = new double[s.stages()];
    Arrays.setAll(r, s::imitationRatio);
    assertThat(r).containsExactly(0.0, 0.1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3);
  }

  @Test
  void fixedScheduleIsOneKeepBestStage() {
    CurriculumSchedule aug = CurriculumSchedule.fixed(1000, 1500, 100, 0.3);
    assertThat(aug.stages()).isEqualTo(1);
    assertThat(aug.nTrain(0)).isEqualTo(1000);
    assertThat(aug.nValid(0)).isEqualTo(1500);
    assertThat(aug.imitationRatio(0)).isEqualTo(0.3);
    assertThat(aug.isCurriculum()).isFalse();
  }

  @Test
  void singleStageCurriculumValidatesAtItsOwnLength() {
    CurriculumSchedule s = CurriculumSchedule.curriculum(List.of(100), 100, 3, List.of(0.0));
    assertThat(s.nValid(0)).isEqualTo(100);
  }

  @Test
  void rejectsBadSchedulesNamingTheOffendingValue() {
    assertThatThrownBy(() -> CurriculumSchedule.curriculum(List.of(), 100, 3, List.of(0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n_train is empty");
    assertThatThrownBy(() -> CurriculumSchedule.curriculum(List.of(100, 0), 100, 3, List.of(0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("entry 0");
    assertThatThrownBy(() -> CurriculumSchedule.curriculum(List.of(100), 0, 3, List.of(0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    assertThatThrownBy(() -> CurriculumSchedule.curriculum(List.of(100), 100, 0, List.of(0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("N_period");
    assertThatThrownBy(() -> CurriculumSchedule.curriculum(List.of(100), 100, 3, List.of(1.5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(
            () -> CurriculumSchedule.curriculum(List.of(100), 100, 3, List.of(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> CurriculumSchedule.curriculum(List.of(100), 100, 3, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imitation_ratios");
    assertThatThrownBy(() -> new CurriculumSchedule(CurriculumSchedule.Mode.KEEP_BEST,
            List.of(100, 200), List.of(200, 200), 100, 3, List.of(0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[100, 200]");
    assertThatThrownBy(() -> new CurriculumSchedule(CurriculumSchedule.Mode.CURRICULUM,
            List.of(100, 200), List.of(200), 100, 3, List.of(0.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one per stage");
    assertThatThrownBy(() -> CurriculumSchedule.paperCurriculum().nTrain(8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stage 8");
  }

  @Test
  void toStringListsEveryHyperparameter() {
    assertThat(CurriculumSchedule.paperCurriculum().toString()).contains(
        "mode=curriculum", "n_train=[100, 200", "n_valid=[200, 500", "T_period=100",
        "N_period=3", "r=[0.0]");
  }
}
