package org.l2o.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Floors and targets from hand-made measurements and ceilings. */
class FloorsTest {

  private static Measurement m(String scenario, int seeds, String variant, double ms, long rss) {
    // 1 GFLOP of products, 2e6 transcendentals, 3e6 other elementwise FLOPs per step.
    return new Measurement(
        scenario, seeds, variant, 1, 4, 20, 10, ms, ms, ms, ms, ms, ms / seeds, ms, 1000,
        1_000_000_000L + 2_000_000L + 3_000_000L, 1_000_000_000L, 2_000_000L, 1.0, rss, 100);
  }

  private static final List<OpCeilings.Ceiling> CEILINGS =
      List.of(
          new OpCeilings.Ceiling("MatMul", "[80,23]x[23,3968]", 1, 50.0, Double.NaN),
          new OpCeilings.Ceiling("MatMul", "[80,41]x[41,3968]", 1, 100.0, Double.NaN),
          // The square product is TF's best case, not the engine's: it must not set the floor.
          new OpCeilings.Ceiling("MatMul", "[1024,1024]x[1024,1024]", 1, 400.0, Double.NaN),
          new OpCeilings.Ceiling("Sigmoid", "[20,3968]", 1, 2.0, 0.5),
          new OpCeilings.Ceiling("Tanh", "[20,3968]", 1, 4.0, 0.25),
          new OpCeilings.Ceiling("Mul", "[20,3968]", 1, 10.0, 0.1),
          new OpCeilings.Ceiling("MatMul", "[80,41]x[41,3968]", 2, 190.0, Double.NaN));

  @Test
  void floorIsEachPartAtItsBestCeilingForTheSameThreads() {
    List<BenchReport.Floor> floors =
        Floors.of(
            List.of(
                m(EngineBenchmark.META, 1, EngineBenchmark.ENGINE, 12.0, 1L << 30),
                m(EngineBenchmark.META, 1, EngineBenchmark.BEFORE, 13.0, 1L << 30)),
            CEILINGS);
    assertThat(floors).hasSize(1);
    BenchReport.Floor f = floors.get(0);
    // 1e9 FLOPs / 100 GFLOP/s = 10 ms; 2e6 x 0.25 ns = 0.5 ms; 3e6 x 0.1 ns = 0.3 ms.
    assertThat(f.matmulMs()).isCloseTo(1e9 / 100e9 * 1e3, within(1e-9));
    assertThat(f.transcendentalMs()).isCloseTo(2e6 * 0.25e-9 * 1e3, within(1e-9));
    assertThat(f.elementwiseMs()).isCloseTo(3e6 * 0.1e-9 * 1e3, within(1e-9));
    assertThat(f.totalMs()).isCloseTo(10.8, within(1e-9));
    assertThat(f.measuredMs()).isEqualTo(12.0);
  }

  @Test
  void targetsCompareTheBestEngineRowsAndTheLargestPeakRss() {
    List<BenchReport.Target> t =
        Floors.targets(
            List.of(
                m(EngineBenchmark.META, 1, EngineBenchmark.ENGINE, 9.0, 1L << 30),
                m(EngineBenchmark.META, 1, EngineBenchmark.BEFORE, 7.0, 3L << 30),
                m(EngineBenchmark.EVAL, 10, EngineBenchmark.ENGINE, 29.0, 1L << 29),
                m(EngineBenchmark.EVAL, 1, EngineBenchmark.ENGINE, 2.0, 1L << 29)));
    assertThat(t).hasSize(3);
    // The 'before' row is faster here but is not the engine: the meta target is missed.
    assertThat(t.get(0).best()).isEqualTo(9.0);
    assertThat(t.get(0).met()).isFalse();
    // 29 ms for 10 seeds is 2.9 ms per seed: met (the 1-seed row does not count).
    assertThat(t.get(1).name()).contains("10 seeds");
    assertThat(t.get(1).best()).isCloseTo(2.9, within(1e-9));
    assertThat(t.get(1).met()).isTrue();
    // 3 GiB is over 2 GiB, whichever variant used it.
    assertThat(t.get(2).best()).isEqualTo(3.0 * 1024);
    assertThat(t.get(2).met()).isFalse();
  }
}
