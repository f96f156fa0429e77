package org.l2o.engine.curriculum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReferenceTeacherTest {

  private static final double[] G1 = {0.5, -2.0};
  private static final double[] G2 = {-0.25, 1.0};

  @Test
  void teachersKeepTheirSlotsAcrossSteps() {
    ReferenceTeacher adam = new ReferenceTeacher(TeacherSpec.parse("adam:0.01"), 2);
    adam.update(G1);
    double[] dx2 = adam.update(G2);

    double[] m = new double[2];
    double[] v = new double[2];
    ImitationMath.adamUpdate(G1, m, v, 1, 0.01);
    assertThat(dx2).containsExactly(ImitationMath.adamUpdate(G2, m, v, 2, 0.01), within(0.0));
    assertThat(adam.steps()).isEqualTo(2);
  }

  @Test
  void adagradAndRmspropTeachersStartFromTensorFlowsSlotValues() {
    double lr = 0.01;
    double[] adagrad = new ReferenceTeacher(TeacherSpec.parse("adagrad:0.01"), 2).update(G1);
    double[] rmsprop = new ReferenceTeacher(TeacherSpec.parse("rmsprop:0.01"), 2).update(G1);
    for (int i = 0; i < 2; i++) {
      assertThat(adagrad[i]).isCloseTo(-lr * G1[i] / Math.sqrt(0.1 + G1[i] * G1[i]),
          within(1e-15));
      assertThat(rmsprop[i]).isCloseTo(
          -lr * G1[i] / Math.sqrt(0.9 + 0.1 * G1[i] * G1[i] + 1e-10), within(1e-15));
    }
  }

  @ParameterizedTest
  @EnumSource(TeacherKind.class)
  void resetStartsAFreshEpisode(TeacherKind kind) {
    ReferenceTeacher t = new ReferenceTeacher(new TeacherSpec(kind, 0.01), 2);
    double[] first = t.update(G1);
    double[] second = t.update(G2);
    t.reset();
    assertThat(t.steps()).isZero();
    assertThat(t.update(G1)).containsExactly(first, within(0.0));
    assertThat(t.update(G2)).containsExactly(second, within(0.0));
  }

  @Test
  void rejectsAGradientOfTheWrongSize() {
    ReferenceTeacher t = new ReferenceTeacher(TeacherSpec.parse("sgd:0.1"), 2);
    assertThatThrownBy(() -> t.update(new double[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 entries");
  }
}
