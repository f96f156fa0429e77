package org.l2o.curves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-computed statistics on tiny synthetic curves (not MNIST: made-up numbers). */
class CurveSummaryTest {

  private static final double TOL = 1e-6; // float32 inputs, double arithmetic

  private static LossCurves synthetic(float[]... curves) {
    long[] seeds = new long[curves.length];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = 100 + i;
    }
    return new LossCurves("dm", "mlp-orig", seeds, curves[0].length, curves,
        Map.of("data", "synthetic"));
  }

  @Test
  void perStepMeanAndStdAreOverLnLossOfAllSeeds() {
    CurveSummary s = CurveSummary.of(synthetic(
        new float[] {2f, 1f, 0.5f},
        new float[] {4f, 2f, 0.25f}));

    assertThat(s.seeds()).isEqualTo(2);
    assertThat(s.steps()).isEqualTo(3);
    assertThat(s.diverged()).isZero();
    // step 0: ln 2 and ln 4 -> mean 1.5 ln 2, population std 0.5 ln 2
    assertThat(s.logLossMeanPerStep()[0]).isCloseTo(1.5 * Math.log(2), within(TOL));
    assertThat(s.logLossStdPerStep()[0]).isCloseTo(0.5 * Math.log(2), within(TOL));
    // last step: ln 0.5 = -ln 2 and ln 0.25 = -2 ln 2
    assertThat(s.finalLogLossMean()).isCloseTo(-1.5 * Math.log(2), within(TOL));
    assertThat(s.finalLogLossStd()).isCloseTo(0.5 * Math.log(2), within(TOL));
    assertThat(s.finalLossMean()).isCloseTo((0.5 + 0.25) / 2, within(TOL));
    assertThat(s.divergedAtStep()).containsExactly(-1, -1);
    assertThat(s.seedIds()).containsExactly(100L, 101L);
    assertThat(s.meta()).containsEntry("data", "synthetic");
  }

  @Test
  void divergedSeedLeavesStatisticsFromItsFirstNonFiniteStep() {
    CurveSummary s = CurveSummary.of(synthetic(
        new float[] {1f, 1f, 1f, 1f},
        new float[] {Float.NaN, 3f, 3f, 3f},
        new float[] {3f, 3f, Float.POSITIVE_INFINITY, 5f}));

    assertThat(s.diverged()).isEqualTo(2);
    assertThat(s.divergedAtStep()).containsExactly(-1, 0, 2);
    assertThat(s.liveSeeds(0)).isEqualTo(2); // seeds 0 and 2; seed 1 is NaN at 0
    assertThat(s.liveSeeds(1)).isEqualTo(2);
    assertThat(s.liveSeeds(2)).isEqualTo(1);
    // step 1: seeds 0 and 2 alive -> ln 1 = 0 and ln 3
    assertThat(s.logLossMeanPerStep()[1]).isCloseTo(Math.log(3) / 2, within(TOL));
    // the finite 5 after seed 2's Inf must not count: only seed 0 (ln 1 = 0) at step 3
    assertThat(s.logLossMeanPerStep()[3]).isCloseTo(0.0, within(TOL));
    assertThat(s.finalLogLossMean()).isCloseTo(0.0, within(TOL));
    assertThat(s.finalLogLossStd()).isCloseTo(0.0, within(TOL));
    assertThat(s.lastFiniteLogLoss()[0]).isCloseTo(0.0, within(TOL));
    assertThat(s.lastFiniteLogLoss()[1]).isNaN();
    assertThat(s.lastFiniteLogLoss()[2]).isCloseTo(Math.log(3), within(TOL));
  }

  @Test
  void allDivergedGivesNaNFinalValues() {
    CurveSummary s = CurveSummary.of(synthetic(
        new float[] {1f, Float.NaN},
        new float[] {1f, Float.NEGATIVE_INFINITY}));

    assertThat(s.allDiverged()).isTrue();
    assertThat(s.finalLogLossMean()).isNaN();
    assertThat(s.finalLogLossStd()).isNaN();
    assertThat(s.finalLossMean()).isNaN();
    assertThat(s.logLossMeanPerStep()[1]).isNaN();
    assertThat(s.logLossMeanPerStep()[0]).isCloseTo(0.0, within(TOL));
  }

  @Test
  void zeroLossIsClampedToTheFloorNotDropped() {
    CurveSummary s = CurveSummary.of(synthetic(new float[] {0f}));
    assertThat(s.finalLogLossMean()).isCloseTo(Math.log(CurveSummary.LOSS_FLOOR), within(TOL));
    assertThat(s.diverged()).isZero();
  }

  @Test
  void negativeLossIsRejectedNamingSeedAndStep() {
    assertThatThrownBy(() -> CurveSummary.of(synthetic(new float[] {1f, -0.5f})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed 100")
        .hasMessageContaining("step 1");
  }

  @Test
  void jsonRoundTripKeepsEveryValueIncludingNaN(@TempDir Path dir) throws IOException {
    CurveSummary s = CurveSummary.of(synthetic(
        new float[] {2f, 1f, Float.NaN},
        new float[] {Float.NaN, Float.NaN, Float.NaN}));
    Path file = dir.resolve("sub/summary.json");

    s.writeJson(file);
    CurveSummary back = CurveSummary.readJson(file);

    assertThat(back.sameValues(s)).as("round trip of %s", s).isTrue();
    assertThat(back.finalLogLossMean()).isNaN();
  }

  @Test
  void readJsonNamesTheBrokenFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"optimizer\": 3");
    assertThatThrownBy(() -> CurveSummary.readJson(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
  }
}
