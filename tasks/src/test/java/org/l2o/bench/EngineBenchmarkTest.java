package org.l2o.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.program.RolloutProgram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark harness on a small quadratic (256 rows of R^10: 2,560 coordinates per seed):
 * every row is measured, the FLOP counts match the hand formula, both layouts compute the same
 * arithmetic, rounds pool their timings, and the report renders and serialises. No time is
 * asserted.
 */
class EngineBenchmarkTest {

  /** Per coordinate and step, the L2O-DM LSTM 2x20's products: 2*80*23 + 2*80*41 + 2*20. */
  private static final long LSTM_FLOPS_PER_COORD = 2L * 80 * 23 + 2L * 80 * 41 + 2L * 20;

  @Test
  void measuresEveryRowWithGraphCountedFlops(@TempDir Path dir) throws Exception {
    BenchReport r =
        EngineBenchmark.run(
            new BenchConfig(2, 1, 0, List.of(1), List.of(2), true, false, ProblemName.QUADRATIC, 256),
            null);
    check(r, 256, 2);
    String table = BenchTable.render(r);
    assertThat(table).contains("meta-training", "evaluation", "before", "Targets (issue 9");
    Path json = dir.resolve("results/bench/bench.json");
    r.writeJson(json);
    String text = Files.readString(json);
    assertThat(text).contains("\"ms_per_step_median\"", "\"flops_per_step\"", "\"load_before\"");
  }

  @Test
  void scaleRowsComeWithTheirRatioToL2oDm() {
    BenchReport r =
        EngineBenchmark.run(
            new BenchConfig(2, 1, 0, List.of(1), List.of(2), false, false, ProblemName.QUADRATIC,
                64, true),
            null);
    assertThat(r.measurements())
        .extracting(m -> m.scenario() + "/" + m.variant())
        .containsExactly("meta-training/engine", "evaluation/engine", "meta-training/scale",
            "evaluation/scale");
    for (Measurement m : r.measurements()) {
      assertThat(m.msPerStepMedian()).isPositive();
      // L2O-Scale is never blocked: its per-tensor state needs the tensors whole.
      assertThat(m.blocks()).isEqualTo(1);
    }
    List<BenchReport.Target> ratios = r.targets().stream()
        .filter(t -> t.name().startsWith("L2O-Scale / L2O-DM")).toList();
    assertThat(ratios).hasSize(2).allSatisfy(t -> {
      assertThat(t.limit()).isEqualTo(EngineBenchmark.SCALE_TARGET_RATIO);
      assertThat(t.unit()).isEqualTo("x");
    });
    Measurement dmMeta = r.measurements().get(0);
    Measurement scaleMeta = r.measurements().get(2);
    assertThat(ratios.get(0).best())
        .isCloseTo(scaleMeta.msPerStepMedian() / dmMeta.msPerStepMedian(), within(1e-12));
    assertThat(BenchTable.render(r)).contains("scale", "L2O-Scale / L2O-DM");
  }

  @Test
  @Tag("slow")
  void roundsPoolTimingsAndLargeBatchesRunInBlocks() {
    // 26 seeds of 2,560 coordinates: 66,560, enough to be cut into blocks.
    BenchReport r =
        EngineBenchmark.run(
            new BenchConfig(2, 2, 0, List.of(1), List.of(26), true, false, ProblemName.QUADRATIC, 256),
            null);
    check(r, 256, 2);
    Measurement blocked = r.measurements().get(1);
    Measurement before = r.measurements().get(3);
    assertThat(blocked.blocks()).isGreaterThan(1);
    assertThat(before.blocks()).isEqualTo(1);
    assertThat(blocked.flopsPerStep())
        .as("blocking cuts the work, it adds no arithmetic")
        .isEqualTo(before.flopsPerStep());
  }

  /** Checks every row of a one-thread report with one evaluation seed count. */
  private static void check(BenchReport r, int rows, int reps) {
    assertThat(r.measurements()).hasSize(4);
    assertThat(r.measurements())
        .extracting(Measurement::variant)
        .containsExactly("engine", "engine", "before", "before");
    int coords = rows * 10;
    for (Measurement m : r.measurements()) {
      assertThat(m.reps()).isEqualTo(reps);
      assertThat(m.msPerStepMedian()).isPositive();
      assertThat(m.msPerStepP25()).isLessThanOrEqualTo(m.msPerStepP75());
      assertThat(m.msPerStepMin()).isLessThanOrEqualTo(m.msPerStepMedian());
      assertThat(m.gflops())
          .isCloseTo(m.flopsPerStep() / m.msPerStepMedian() / 1e6, within(1e-9 * m.gflops()));
      assertThat(m.flopsPerStep()).isGreaterThan(m.matmulFlopsPerStep());
      int padded = m.seeds() * coords; // a multiple of 16 already
      int expectedBlocks =
          m.variant().equals("engine")
              ? RolloutProgram.blockSizes(
                      padded,
                      RolloutProgram.defaultBlock(
                          TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 1).rule(), padded))
                  .length
              : 1;
      assertThat(m.blocks()).as("%s %s", m.scenario(), m.variant()).isEqualTo(expectedBlocks);
      if (m.scenario().equals(EngineBenchmark.EVAL)) {
        // Per call of 20 steps: the LSTM on every coordinate 20 times, the quadratic's batched
        // product 21 times for losses and 20 times for gradients (200 FLOPs per row and seed).
        long perCall = 20 * LSTM_FLOPS_PER_COORD * padded + (21 + 20) * 200L * rows * m.seeds();
        assertThat(m.matmulFlopsPerStep()).isEqualTo(perCall / 20);
      } else {
        // Backward products (weights and inputs) add about twice the forward ones.
        assertThat((double) m.matmulFlopsPerStep())
            .isBetween(2.5 * LSTM_FLOPS_PER_COORD * coords, 3.2 * LSTM_FLOPS_PER_COORD * coords);
      }
    }
  }
}
