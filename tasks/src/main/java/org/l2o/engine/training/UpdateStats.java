package org.l2o.engine.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.TensorSlice;
import org.l2o.engine.MetricKeys;

/**
 * Where a learned optimizer's updates went in one validation, per named optimizee tensor: the
 * diagnostics that tell a learning optimizer from one that drifts. Over the episodes that did not
 * diverge, with d = theta_N - theta_0 (the total update of an N_valid-step episode):
 *
 * <ul>
 *   <li>{@code valid_update/<tensor>}: mean |d| over the tensor's coordinates;
 *   <li>{@code valid_common_mode/<tensor>}: |mean d| / mean |d|, in [0, 1]. Near 1 the whole
 *       tensor moved one way by one amount, a common-mode drift (on W1 it shifts every
 *       pre-activation alike, which no gradient asks for); near 0 the updates are specific to each
 *       coordinate.
 * </ul>
 *
 * Computed from the parameters the validation already has; it draws no random numbers, so
 * training is the same with or without it.
 */
public final class UpdateStats {

  static final String UPDATE = MetricKeys.VALID_UPDATE;
  static final String COMMON_MODE = MetricKeys.VALID_COMMON_MODE;

  private UpdateStats() {}

  /**
   * @param theta0 the episodes' initial parameters {@code [S, P]}
   * @param thetaN their final parameters {@code [S, P]}
   * @param divergedAtStep per episode, the step it diverged at, or -1
   * @return metric name to value, in the problem's tensor order; empty if every episode diverged
   */
  public static Map<String, Double> of(
      Optimizee problem, float[] theta0, float[] thetaN, int[] divergedAtStep) {
    int p = problem.paramCount();
    int runs = divergedAtStep.length;
    if (theta0.length != (long) runs * p || thetaN.length != theta0.length) {
      throw new IllegalArgumentException("expected " + runs + " x " + p + " parameters, got "
          + theta0.length + " and " + thetaN.length);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (TensorSlice t : problem.tensors()) {
      double sum = 0;
      double abs = 0;
      long n = 0;
      for (int s = 0; s < runs; s++) {
        if (divergedAtStep[s] >= 0) {
          continue;
        }
        int base = s * p + t.offset();
        for (int i = 0; i < t.size(); i++) {
          double d = (double) thetaN[base + i] - theta0[base + i];
          sum += d;
          abs += Math.abs(d);
        }
        n += t.size();
      }
      if (n == 0) {
        return Map.of();
      }
      out.put(UPDATE + t.name(), abs / n);
      out.put(COMMON_MODE + t.name(), abs == 0 ? 0.0 : Math.abs(sum) / abs);
    }
    return out;
  }
}
