package org.l2o.curves;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The statistics the figures and the report read off one {@link LossCurves} set: per-step mean and
 * standard deviation of the natural-log training loss, and the converged value at the last step.
 *
 * <h3>Divergence</h3>
 *
 * A seed diverges at the first step whose loss is NaN or Inf ({@link #divergedAtStep}); from that
 * step on it no longer counts in any statistic, even if finite values follow (they come from a
 * broken optimizee). The per-step statistics therefore average over the seeds still alive at that
 * step, and {@link #liveSeeds(int)} says how many that is, so a plot can mark rather than hide the
 * point where seeds drop out. The final statistics are over the seeds that never diverged and are
 * NaN when none survived.
 *
 * <h3>Conventions</h3>
 *
 * <ul>
 *   <li>Standard deviations are population ones (divide by n), as numpy's default, so a single
 *       seed has std 0 rather than NaN.
 *   <li>A loss of exactly 0 (a saturated float32 softmax) would be ln 0 = -Inf; it is clamped to
 *       {@link #LOSS_FLOOR} so that it shows as an extreme value instead of vanishing.
 *   <li>A negative loss cannot come from a cross-entropy or squared-error optimizee and is
 *       rejected.
 * </ul>
 *
 * Arrays are shared, not copied, and {@code equals} compares them by reference, as for any record.
 *
 * @param optimizer optimizer id, such as {@code dm-cl}
 * @param problem problem id, such as {@code mlp-orig}
 * @param seeds number of seeds (curves) in the set
 * @param steps number of recorded steps per curve
 * @param diverged number of seeds that diverged anywhere
 * @param finalLogLossMean mean ln-loss at the last step over non-diverged seeds; NaN if none
 * @param finalLogLossStd population std of that; NaN if none
 * @param finalLossMean mean raw loss at the last step over non-diverged seeds; NaN if none
 * @param logLossMeanPerStep per-step mean ln-loss over live seeds; NaN where no seed is alive
 * @param logLossStdPerStep per-step population std of the ln-loss over live seeds; NaN likewise
 * @param seedIds the seed of each curve, in curve order
 * @param divergedAtStep per seed, the first non-finite step, or -1 if it never diverged
 * @param lastFiniteLogLoss per seed, the ln-loss at the step before divergence (or the last step);
 *     NaN if the seed diverged at step 0
 * @param meta the curve set's metadata, carried through unchanged
 */
public record CurveSummary(
    String optimizer,
    String problem,
    int seeds,
    int steps,
    int diverged,
    double finalLogLossMean,
    double finalLogLossStd,
    double finalLossMean,
    double[] logLossMeanPerStep,
    double[] logLossStdPerStep,
    long[] seedIds,
    int[] divergedAtStep,
    double[] lastFiniteLogLoss,
    Map<String, String> meta) {

  /** Smallest loss taken into log space: the smallest normal float32. */
  public static final double LOSS_FLOOR = Float.MIN_NORMAL;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public CurveSummary {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(logLossMeanPerStep, "logLossMeanPerStep");
    Objects.requireNonNull(logLossStdPerStep, "logLossStdPerStep");
    Objects.requireNonNull(seedIds, "seedIds");
    Objects.requireNonNull(divergedAtStep, "divergedAtStep");
    Objects.requireNonNull(lastFiniteLogLoss, "lastFiniteLogLoss");
    if (logLossMeanPerStep.length != steps || logLossStdPerStep.length != steps) {
      throw new IllegalArgumentException(
          "per-step arrays hold " + logLossMeanPerStep.length + " and " + logLossStdPerStep.length
              + " values, expected steps = " + steps);
    }
    if (seedIds.length != seeds || divergedAtStep.length != seeds
        || lastFiniteLogLoss.length != seeds) {
      throw new IllegalArgumentException(
          "per-seed arrays hold " + seedIds.length + ", " + divergedAtStep.length + " and "
              + lastFiniteLogLoss.length + " values, expected seeds = " + seeds);
    }
    if (diverged < 0 || diverged > seeds) {
      throw new IllegalArgumentException("diverged = " + diverged + ", expected 0.." + seeds);
    }
    meta = Map.copyOf(meta == null ? Map.of() : meta);
  }

  /** Summarises every seed of {@code c} at full resolution (no downsampling). */
  public static CurveSummary of(LossCurves c) {
    int n = c.seeds().length;
    int steps = c.steps();
    int[] divergedAt = new int[n];
    double[] lastFinite = new double[n];
    int diverged = 0;
    for (int s = 0; s < n; s++) {
      divergedAt[s] = firstNonFinite(c.losses()[s]);
      int lastAlive = divergedAt[s] < 0 ? steps - 1 : divergedAt[s] - 1;
      lastFinite[s] = lastAlive < 0 ? Double.NaN : logLoss(c, s, lastAlive);
      if (divergedAt[s] >= 0) {
        diverged++;
      }
    }
    double[] mean = new double[steps];
    double[] std = new double[steps];
    double[] column = new double[n];
    for (int t = 0; t < steps; t++) {
      int k = 0;
      for (int s = 0; s < n; s++) {
        if (divergedAt[s] < 0 || t < divergedAt[s]) {
          column[k++] = logLoss(c, s, t);
        }
      }
      mean[t] = mean(column, k);
      std[t] = std(column, k, mean[t]);
    }
    double finalLogMean = Double.NaN;
    double finalLogStd = Double.NaN;
    double finalMean = Double.NaN;
    if (steps > 0) {
      double[] raw = new double[n];
      double[] logs = new double[n];
      int k = 0;
      for (int s = 0; s < n; s++) {
        if (divergedAt[s] < 0) {
          raw[k] = c.losses()[s][steps - 1];
          logs[k] = logLoss(c, s, steps - 1);
          k++;
        }
      }
      finalLogMean = mean(logs, k);
      finalLogStd = std(logs, k, finalLogMean);
      finalMean = mean(raw, k);
    }
    return new CurveSummary(
        c.optimizer(), c.problem(), n, steps, diverged, finalLogMean, finalLogStd, finalMean,
        mean, std, c.seeds().clone(), divergedAt, lastFinite, c.meta());
  }

  /** How many seeds have not diverged by {@code step}: the n behind that step's mean. */
  public int liveSeeds(int step) {
    if (step < 0 || step >= steps) {
      throw new IllegalArgumentException("step " + step + " outside 0.." + (steps - 1));
    }
    int live = 0;
    for (int d : divergedAtStep) {
      if (d < 0 || step < d) {
        live++;
      }
    }
    return live;
  }

  /** Whether every seed diverged, so there is no converged value to report. */
  public boolean allDiverged() {
    return seeds > 0 && diverged == seeds;
  }

  /** Writes this summary as JSON; NaN is written as the string {@code "NaN"}. */
  public void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), this);
  }

  /** Reads a summary written by {@link #writeJson(Path)}; the error names the file at fault. */
  public static CurveSummary readJson(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), CurveSummary.class);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new IOException(
          "cannot read curve summary " + file + ": " + e.getMessage()
              + "; expected the JSON that CurveSummary.writeJson writes (rerun the evaluate stage)",
          e);
    }
  }

  @Override
  public String toString() {
    return "CurveSummary[optimizer=" + optimizer + ", problem=" + problem + ", seeds=" + seeds
        + ", steps=" + steps + ", diverged=" + diverged + ", finalLogLoss=" + finalLogLossMean
        + " ± " + finalLogLossStd + ", finalLoss=" + finalLossMean + "]";
  }

  private static int firstNonFinite(float[] curve) {
    for (int t = 0; t < curve.length; t++) {
      if (!Float.isFinite(curve[t])) {
        return t;
      }
    }
    return -1;
  }

  private static double logLoss(LossCurves c, int seed, int step) {
    double v = c.losses()[seed][step];
    if (v < 0) {
      throw new IllegalArgumentException(
          c.optimizer() + " on " + c.problem() + ": seed " + c.seeds()[seed] + " has loss " + v
              + " at step " + step + ", expected a non-negative training loss");
    }
    return Math.log(Math.max(v, LOSS_FLOOR));
  }

  private static double mean(double[] xs, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += xs[i];
    }
    return sum / n;
  }

  private static double std(double[] xs, int n, double mean) {
    if (n == 0) {
      return Double.NaN;
    }
    double sq = 0;
    for (int i = 0; i < n; i++) {
      sq += (xs[i] - mean) * (xs[i] - mean);
    }
    return Math.sqrt(sq / n);
  }

  /** Value equality helper for tests and caches, since record equality compares arrays by ref. */
  public boolean sameValues(CurveSummary o) {
    return optimizer.equals(o.optimizer) && problem.equals(o.problem) && seeds == o.seeds
        && steps == o.steps && diverged == o.diverged
        && Double.compare(finalLogLossMean, o.finalLogLossMean) == 0
        && Double.compare(finalLogLossStd, o.finalLogLossStd) == 0
        && Double.compare(finalLossMean, o.finalLossMean) == 0
        && Arrays.equals(logLossMeanPerStep, o.logLossMeanPerStep)
        && Arrays.equals(logLossStdPerStep, o.logLossStdPerStep)
        && Arrays.equals(seedIds, o.seedIds) && Arrays.equals(divergedAtStep, o.divergedAtStep)
        && Arrays.equals(lastFiniteLogLoss, o.lastFiniteLogLoss) && meta.equals(o.meta);
  }
}
