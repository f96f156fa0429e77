package org.l2o.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DrawingPointsTest {

  @Test
  void shortCurvesKeepEveryStep() {
    assertThat(DrawingPoints.steps(3, 5)).containsExactly(0, 1, 2);
    assertThat(DrawingPoints.steps(0, 5)).isEmpty();
  }

  @Test
  void longCurvesAreStridedAndAlwaysKeepTheLastStep() {
    // stride = ceil(10 / 4) = 3: 0, 3, 6, 9 and 9 is the last step
    assertThat(DrawingPoints.steps(10, 4)).containsExactly(0, 3, 6, 9);
    // stride = ceil(11 / 4) = 3: 0, 3, 6, 9, then the last step 10 appended
    assertThat(DrawingPoints.steps(11, 4)).containsExactly(0, 3, 6, 9, 10);
    assertThat(DrawingPoints.steps(10_000, 500)).hasSize(501).endsWith(9_999);
  }

  @Test
  void fewerThanTwoPointsIsRejected() {
    assertThatThrownBy(() -> DrawingPoints.steps(10, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPoints = 1");
  }
}
