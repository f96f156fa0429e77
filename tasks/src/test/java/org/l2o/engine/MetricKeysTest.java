package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricKeysTest {

  @Test
  void perProblemKeysAreDeclaredForAnyProblemAndNothingElseIs() {
    assertThat(MetricKeys.isDeclared(MetricKeys.finalLogLoss("conv-cifar"))).isTrue();
    assertThat(MetricKeys.finalLogLossStd("mlp-orig")).isEqualTo("final_log_loss/mlp-orig_std");
    assertThat(MetricKeys.isDeclared(MetricKeys.finalLogLossStd("mlp-orig"))).isTrue();
    assertThat(MetricKeys.isDeclared(MetricKeys.divergedRuns("quadratic"))).isTrue();
    assertThat(MetricKeys.isDeclared("meta_loss")).isTrue();
    assertThat(MetricKeys.isDeclared("validation_loss")).isFalse();
    assertThat(MetricKeys.isDeclared("final_log_loss/")).isFalse();
    assertThat(MetricKeys.isDeclared("final_log_loss/a/b")).isFalse();
    assertThat(MetricKeys.divergedRuns("a/b")).isEqualTo("diverged_runs/a_b");
    assertThat(MetricKeys.isDeclared(MetricKeys.VALID_UPDATE + "layer_0/w")).isTrue();
    assertThat(MetricKeys.isDeclared(MetricKeys.VALID_COMMON_MODE)).isFalse();
  }
}
