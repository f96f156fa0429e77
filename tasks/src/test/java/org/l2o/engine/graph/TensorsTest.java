package org.l2o.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

class TensorsTest {

  @Test
  void floatsRoundTripExactlyInRowMajorOrder() {
    float[] data = {1.5f, -0f, Float.NaN, Float.MIN_VALUE, 3e38f, -7f};
    try (TFloat32 t = Tensors.floats(data, 2, 3)) {
      assertThat(t.getFloat(1, 0)).isEqualTo(Float.MIN_VALUE);
      float[] back = Tensors.toFloats(t);
      for (int i = 0; i < data.length; i++) {
        assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(data[i]));
      }
    }
  }

  @Test
  void doublesRoundTripExactly() {
    double[] data = {Math.PI, -1e-300, 42};
    try (TFloat64 t = Tensors.doubles(data, 3)) {
      assertThat(Tensors.toDoubles(t)).containsExactly(data);
    }
  }

  @Test
  void shapeMismatchNamesBothSizes() {
    assertThatThrownBy(() -> Tensors.floats(new float[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5")
        .hasMessageContaining("6");
  }
}
