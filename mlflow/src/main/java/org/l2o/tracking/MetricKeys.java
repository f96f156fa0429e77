package org.l2o.tracking;

import java.util.regex.Pattern;

/**
 * Stable metric keys, so the MLflow UI's compare view lines variants up. Keys with '/' are
 * grouped into sections by the UI.
 */
public final class MetricKeys {
  /** Meta-training loss, step = meta-iteration. */
  public static final String META_LOSS = "meta_loss";
  /** Validation score of the learned optimizer, step = meta-iteration. */
  public static final String VALIDATION_LOSS = "validation_loss";
  /** Curriculum stage (number of unrolled steps trained on), step = meta-iteration. */
  public static final String CURRICULUM_STAGE = "curriculum_stage";
  /** Evaluation loss across seeds, step = optimizee step. */
  public static final String EVAL_LOSS_MEAN = "eval_loss_mean";
  public static final String EVAL_LOSS_STD = "eval_loss_std";

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.\\- ]");

  private MetricKeys() {}

  /** Final log-loss on one problem, e.g. {@code final_log_loss/mlp-orig}. */
  public static String finalLogLoss(String problem) {
    return "final_log_loss/" + safe(problem);
  }

  /** Replaces characters MLflow rejects in keys, and '/', with '_'. */
  public static String safe(String part) {
    if (part == null || part.isBlank()) {
      throw new IllegalArgumentException("metric key part must be non-empty, got '" + part + "'");
    }
    return UNSAFE.matcher(part).replaceAll("_");
  }
}
