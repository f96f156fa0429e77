package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyticalSpecTest {

  @Test
  void parseFillsDefaultsAndRoundTripsThroughToString() {
    AnalyticalSpec adam = AnalyticalSpec.parse("adam:0.01");
    assertThat(adam.lr()).isEqualTo(0.01);
    assertThat(adam.get("beta1")).isEqualTo(AnalyticalSpec.BETA1_DEFAULT);
    assertThat(adam.get("beta2")).isEqualTo(AnalyticalSpec.BETA2_DEFAULT);
    assertThat(AnalyticalSpec.parse(adam.toString())).isEqualTo(adam);
    AnalyticalSpec nag = AnalyticalSpec.parse("NAG:0.1,momentum=0.95");
    assertThat(nag.name()).isEqualTo("nag");
    assertThat(nag.get("momentum")).isEqualTo(0.95);
    assertThat(AnalyticalSpec.parse(nag.toString())).isEqualTo(nag);
  }

  @Test
  void mistakesAreRejectedWithTheAllowedValues() {
    assertThatThrownBy(() -> AnalyticalSpec.parse("adamw:0.01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adamw")
        .hasMessageContaining("sgd");
    assertThatThrownBy(() -> AnalyticalSpec.parse("adam"))
        .hasMessageContaining("name:lr");
    assertThatThrownBy(() -> new AnalyticalSpec("sgd", 0.1, Map.of("momentum", 0.9)))
        .hasMessageContaining("momentum")
        .hasMessageContaining("sgd");
    assertThatThrownBy(() -> AnalyticalSpec.of("adam", -1)).hasMessageContaining("-1");
  }

  @Test
  void problemNamesParseAndListTheAllowedOnes() {
    assertThat(ProblemName.parse("conv-mnist")).isEqualTo(ProblemName.CONV_MNIST);
    assertThat(ProblemName.parse("MLP_ORIG")).isEqualTo(ProblemName.MLP_ORIG);
    assertThat(ProblemName.QUADRATIC.dataset()).isNull();
    assertThat(ProblemName.CONV_CIFAR.dataset()).isEqualTo("cifar10");
    assertThatThrownBy(() -> ProblemName.parse("mlp"))
        .hasMessageContaining("mlp-orig")
        .hasMessageContaining("quadratic");
  }

  @Test
  void metaTrainPresetsFollowThePaper() {
    MetaTrainConfig dm = PaperPresets.of("dm").build();
    assertThat(dm.nTrain()).isEqualTo(100);
    assertThat(dm.nValid()).isEqualTo(100);
    assertThat(dm.unroll()).isEqualTo(20);
    assertThat(dm.epochs()).isEqualTo(5000);
    assertThat(dm.metaLr()).isEqualTo(1e-3);
    assertThat(dm.optimizer()).isEqualTo(LearnedOptimizerConfig.dm());
    MetaTrainConfig aug = PaperPresets.of("dm-aug").build();
    assertThat(aug.nTrain()).isEqualTo(1000);
    assertThat(aug.nValid()).isEqualTo(1500);
    assertThat(PaperPresets.of("rnnprop").build().optimizer().architecture()).isEqualTo("rnnprop");
    assertThat(dm.toBuilder().seed(9).build().seed()).isEqualTo(9);
    assertThatThrownBy(() -> MetaTrainConfig.builder().unroll(0).build()).hasMessageContaining("unroll");
  }
}
