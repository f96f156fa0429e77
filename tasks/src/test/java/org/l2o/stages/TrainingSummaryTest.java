package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.engine.ValidationRecord;

/** training.json is written once and read back typed, files of earlier versions included. */
class TrainingSummaryTest {

  @Test
  void aSummaryReadsBackEqualWithNonFiniteScoresAndPerStageLengths(@TempDir Path dir) throws Exception {
    TrainingSummary s = new TrainingSummary("dm-cl-il", "dm", "dm 2x20", "mlp-orig",
        new TrainingSummary.Lengths(List.of(100, 200), true),
        new TrainingSummary.Lengths(List.of(200, 500), true), 50, 40, 1234L, 567L, 80L, 1, 30,
        Double.POSITIVE_INFINITY, false, List.of(new ValidationRecord(10, Double.NaN, 2, false)),
        List.of(100, 200, 500), 3, 2, "exhausted", 1, 200, 500, List.of(), List.of(), 4, 80L, 4L,
        List.of("adam:0.01"), new TrainingSummary.Ratios(List.of(0.0, 0.1), true), 1.0, 1e-3);
    s.write(dir);

    assertThat(Files.readString(dir.resolve("training.json")))
        .contains("\"n_train\" : [ 100, 200 ]").contains("\"best_score\" : \"Infinity\"");
    TrainingSummary back = TrainingSummary.read(dir);
    assertThat(back.nTrain().toString()).isEqualTo("[100, 200]");
    assertThat(back.bestScore()).isInfinite();
    assertThat(back.validations().get(0).score()).isNaN();
    assertThat(back.ilRatio().values()).containsExactly(0.0, 0.1);
    assertThat(back.variant()).isEqualTo("dm-cl-il");
    assertThat(back.trainSteps()).isEqualTo(1234L);
  }

  @Test
  void aFileOfAnEarlierVersionStillLoads(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("training.json"), """
        {"variant": "dm", "architecture": "dm", "n_train": 100, "n_valid": 100, "epochs": 20,
         "episodes_run": 20, "train_steps": 2000, "valid_steps": 400, "best_score": "NaN",
         "data_verified": true, "validations": [], "outcome": null, "il_ratio": 0.3,
         "decisions": [{"epoch": 4, "kind": "stop", "from_stage": 0, "to_stage": 0,
                        "restore_best": true}], "some_later_field": 1}
        """);
    TrainingSummary t = TrainingSummary.read(dir);
    assertThat(t.nTrain().first()).isEqualTo(100);
    assertThat(t.nTrain().toString()).isEqualTo("100");
    assertThat(t.ilRatio().values()).containsExactly(0.3);
    assertThat(t.bestScore()).isNaN();
    assertThat(t.outcome()).isNull();
    assertThat(t.decisions()).hasSize(1);
  }
}
