package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.engine.curriculum.CurriculumSchedule;
import org.l2o.engine.curriculum.TeacherSpec;

class MetaTrainConfigTest {

  @Test
  void presetsCarryTheSeedsCurriculumAndImitationSettings() {
    MetaTrainConfig dm = PaperPresets.of("dm").build();
    assertThat(dm.curriculum()).isFalse();
    assertThat(dm.imitation()).isFalse();
    assertThat(dm.schedule().mode()).isEqualTo(CurriculumSchedule.Mode.KEEP_BEST);
    assertThat(dm.schedule().nTrain()).containsExactly(100);

    MetaTrainConfig cl = PaperPresets.of("dm-cl").build();
    assertThat(cl.curriculum()).isTrue();
    assertThat(cl.imitation()).isFalse();
    assertThat(cl.schedule().nTrain()).containsExactly(100, 200, 500, 1000, 1500, 2000, 2500, 3000);
    assertThat(cl.schedule().nValid()).containsExactly(200, 500, 1000, 1500, 2000, 2500, 3000, 3000);
    assertThat(cl.schedule().minValidations()).isEqualTo(3);
    assertThat(cl.schedule().validationPeriod()).isEqualTo(100);

    MetaTrainConfig il = PaperPresets.of("dm-il").build();
    assertThat(il.curriculum()).isFalse();
    assertThat(il.schedule().imitationRatio(0)).isEqualTo(0.3);
    assertThat(il.ilTeachers()).isEqualTo(TeacherSpec.SEED_TEACHERS);
    assertThat(il.ilWeight()).isEqualTo(1.0);
    assertThat(il.ilLr()).isEqualTo(1e-3);

    MetaTrainConfig clIl = PaperPresets.of("rnnprop-cl-il").build();
    assertThat(clIl.optimizer().architecture()).isEqualTo(LearnedOptimizerConfig.RNNPROP);
    assertThat(clIl.schedule().imitationRatio(0)).isEqualTo(0.0);
    assertThat(clIl.schedule().imitationRatio(1)).isEqualTo(0.1);
    assertThat(clIl.schedule().imitationRatio(5)).isEqualTo(0.3);
    assertThat(clIl.toBuilder().build()).isEqualTo(clIl);
  }

  @Test
  void inconsistentImitationSettingsAreRejectedNamingTheParam() {
    assertThatThrownBy(() -> MetaTrainConfig.builder().ilRatios(List.of(0.0, 0.3)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a curriculum");
    assertThatThrownBy(() -> MetaTrainConfig.builder().ilRatio(0.3).ilTeachers(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("il_teachers is empty");
    assertThatThrownBy(() -> MetaTrainConfig.builder().ilRatio(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1], got 1.5");
    assertThatThrownBy(() -> MetaTrainConfig.builder().ilWeight(-1).build())
        .hasMessageContaining("il_weight");
    assertThatThrownBy(() -> MetaTrainConfig.builder().clSchedule(List.of(100, 0)).build())
        .hasMessageContaining("cl_schedule");
    assertThatThrownBy(() -> MetaTrainConfig.builder().ilTeacherNames(List.of("adam")).build())
        .hasMessageContaining("expected name:lr");
  }
}
