package org.l2o.figures;

import java.util.Map;
import org.l2o.curves.LossCurves;

/**
 * Made-up loss curves for tests, labelled {@code synthetic=true}: NOT MNIST or any other data.
 *
 * <p>Seed {@code s} of {@code n} follows ln loss(t) = lnStart + (lnEnd - lnStart) * (t/(T-1))^0.5
 * + offset_s, with offset_s = spread * (s - (n-1)/2). The offsets have mean 0 and population
 * standard deviation spread * sqrt((n^2 - 1) / 12), so a test can write the expected final mean
 * and std as formulas: mean = lnEnd, std = spread * sqrt((n^2 - 1) / 12).
 */
final class SyntheticCurves {

  /** Tolerance for values that went through float32: ln of a float32 is within ~1e-7 relative. */
  static final double TOL = 1e-5;

  private SyntheticCurves() {}

  static LossCurves decaying(
      String optimizer, String problem, int seeds, int steps, double lnStart, double lnEnd,
      double spread) {
    long[] ids = new long[seeds];
    float[][] losses = new float[seeds][steps];
    for (int s = 0; s < seeds; s++) {
      ids[s] = 1000 + s;
      double offset = spread * (s - (seeds - 1) / 2.0);
      for (int t = 0; t < steps; t++) {
        double frac = steps == 1 ? 1 : Math.sqrt(t / (double) (steps - 1));
        losses[s][t] = (float) Math.exp(lnStart + (lnEnd - lnStart) * frac + offset);
      }
    }
    return new LossCurves(optimizer, problem, ids, steps, losses, Map.of("synthetic", "true"));
  }

  /** ln of the mean of exp(offset) over {@code seeds} seeds: what ln(mean loss) adds to lnEnd. */
  static double lnMeanOffset(int seeds, double spread) {
    double sum = 0;
    for (int s = 0; s < seeds; s++) {
      sum += Math.exp(spread * (s - (seeds - 1) / 2.0));
    }
    return Math.log(sum / seeds);
  }

  /** Population std of the offsets of {@code seeds} seeds. */
  static double offsetStd(int seeds, double spread) {
    return spread * Math.sqrt((seeds * (double) seeds - 1) / 12.0);
  }

  /** {@code c} with seed {@code seed} blowing up to {@code value} (NaN or Inf) from {@code step}. */
  static LossCurves diverge(LossCurves c, int seed, int step, float value) {
    float[][] losses = new float[c.losses().length][];
    for (int s = 0; s < losses.length; s++) {
      losses[s] = c.losses()[s].clone();
    }
    for (int t = step; t < c.steps(); t++) {
      losses[seed][t] = value;
    }
    return new LossCurves(c.optimizer(), c.problem(), c.seeds(), c.steps(), losses, c.meta());
  }
}
