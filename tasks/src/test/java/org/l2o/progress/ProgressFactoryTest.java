package org.l2o.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressFactoryTest {

  @Test
  void plainLinesShowAmountPercentAndMessageAndOneFinalLineOnClose() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new ProgressFactory.PlainProgress("train-baseline (dm)", 200, "episodes",
        new PrintStream(buf, true, StandardCharsets.UTF_8), Duration.ofHours(1));
    p.stepTo(50);
    p.setMessage("meta-loss 12.3");
    p.stepTo(100);
    p.close();
    p.close();

    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out.lines()).hasSize(1);
    assertThat(out).startsWith("train-baseline (dm): 100 episodes/200 episodes 50% elapsed")
        .contains("ETA").contains("· meta-loss 12.3");
  }

  @Test
  void plainLinesWithoutAUnitShowOnlyThePercentage() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new ProgressFactory.PlainProgress("pipeline", 5000, "",
        new PrintStream(buf, true, StandardCharsets.UTF_8), Duration.ofHours(1));
    p.stepTo(2000);
    p.close();

    assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("pipeline: 40% elapsed");
  }

  @Test
  void eventLinesAreTabSeparatedForTheRunner() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new ProgressFactory.EventProgress("evaluate (adam/mlp-orig)", 1000, "steps",
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    p.setMessage("a\tb");
    p.stepTo(250);
    p.close();

    assertThat(buf.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo(ProgressFactory.EventProgress.PREFIX + "evaluate (adam/mlp-orig)\t250\t1000\ta b");
  }
}
