package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityNamesTest {

  @Test
  void keysThatWouldLeaveTheirFolderAreRejected() {
    for (String bad : new String[] {"../x", "a/../../b", "/abs", "a//b", "a/", "./a", "a\\b", "a\u0000b", ""}) {
      assertThatThrownBy(() -> EntityNames.validateKey("metric", bad)).as(bad).isInstanceOf(MlflowError.class);
    }
    for (String good : new String[] {"loss", "final_log_loss/mlp-orig", "mlflow.runName", "eval loss: mean", "größe"}) {
      assertThat(EntityNames.validateKey("metric", good)).isEqualTo(good);
    }
  }

  @Test
  void pythonAndJavaSpellingsOfSpecialValuesParse() {
    assertThat(MetricLines.parseValue("nan")).isNaN();
    assertThat(MetricLines.parseValue("NaN")).isNaN();
    assertThat(MetricLines.parseValue("inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(MetricLines.parseValue("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(MetricLines.parseValue("1e-05")).isEqualTo(1.0e-5);
    assertThat(MetricLines.format(new Metric("k", 1.0e-5, 7, 3))).isEqualTo("7 1.0E-5 3\n");
    assertThat(MetricLines.parse("k", "7 1.0E-5 3")).isEqualTo(new Metric("k", 1.0e-5, 7, 3));
  }
}
