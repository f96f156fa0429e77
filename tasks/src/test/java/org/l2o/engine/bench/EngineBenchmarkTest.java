package org.l2o.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2o.engine.ProblemName;
import org.l2o.engine.program.RolloutProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness on a small quadratic (512 rows of R^10: 5,120 coordinates per seed):
 * every row is measured, the FLOP counts match the hand formula, both layouts compute the same
 * arithmetic, and the report renders and serialises. No time is asserted.
 */
class EngineBenchmarkTest {

  /** Per coordinate and step, the L2O-DM LSTM 2x20's products: 2*80*23 + 2*80*41 + 2*20. */
  private static final long LSTM_FLOPS_PER_COORD = 2L * 80 * 23 + 2L * 80 * 41 + 2L * 20;

  @Test
  void measuresEveryRowWithGraphCountedFlops(@TempDir Path dir) throws Exception {
    int rows = 512;
    BenchConfig cfg =
        new BenchConfig(2, 1, List.of(1), List.of(1, 13), true, false, ProblemName.QUADRATIC, rows);
    BenchReport r = EngineBenchmark.run(cfg, null);

    assertThat(r.measurements()).hasSize(6);
    assertThat(r.measurements())
        .extracting(Measurement::variant)
        .containsExactly("engine", "engine", "engine", "before", "before", "before");
    int coords = rows * 10;
    for (Measurement m : r.measurements()) {
      assertThat(m.msPerStepMedian()).isPositive();
      assertThat(m.msPerStepP25()).isLessThanOrEqualTo(m.msPerStepP75());
      assertThat(m.msPerStepMin()).isLessThanOrEqualTo(m.msPerStepMedian());
      assertThat(m.gflops())
          .isCloseTo(m.flopsPerStep() / m.msPerStepMedian() / 1e6, within(1e-9 * m.gflops()));
      assertThat(m.flopsPerStep()).isGreaterThan(m.matmulFlopsPerStep());
      int padded = m.seeds() * coords; // a multiple of 16 already
      // Only the 13-seed batch (66,560 coordinates) is large enough to be cut into blocks.
      int expectedBlocks =
          m.variant().equals("engine") && m.seeds() == 13
              ? RolloutProgram.blockSizes(padded, RolloutProgram.BLOCK_COORDINATES_DEFAULT).length
              : 1;
      assertThat(m.blocks()).as("%s %s", m.scenario(), m.variant()).isEqualTo(expectedBlocks);
      if (m.scenario().equals(EngineBenchmark.EVAL)) {
        // Per call of 20 steps: the LSTM on every coordinate 20 times, the quadratic's batched
        // product 21 times for losses and 20 times for gradients (200 FLOPs per row and seed).
        long perCall =
            20 * LSTM_FLOPS_PER_COORD * padded + (21 + 20) * 200L * rows * m.seeds();
        assertThat(m.matmulFlopsPerStep()).isEqualTo(perCall / 20);
      }
    }
    Measurement evalEngine = r.measurements().get(1);
    Measurement evalBlocked = r.measurements().get(2);
    Measurement evalUnblocked = r.measurements().get(5);
    assertThat(evalBlocked.blocks()).isGreaterThan(1);
    assertThat(evalBlocked.flopsPerStep())
        .as("blocking cuts the work, it adds no arithmetic")
        .isEqualTo(evalUnblocked.flopsPerStep());
    Measurement meta = r.measurements().get(0);
    assertThat(meta.scenario()).isEqualTo(EngineBenchmark.META);
    // Backward products (weights and inputs) add about twice the forward ones.
    assertThat((double) meta.matmulFlopsPerStep())
        .isBetween(2.5 * LSTM_FLOPS_PER_COORD * coords, 3.2 * LSTM_FLOPS_PER_COORD * coords);

    String table = BenchTable.render(r);
    assertThat(table).contains("meta-training", "evaluation", "before", "Targets (issue 9)");
    Path json = dir.resolve("results/bench/bench.json");
    r.writeJson(json);
    String text = Files.readString(json);
    assertThat(text).contains("\"ms_per_step_median\"", "\"flops_per_step\"", "\"load_before\"");
  }
}
