package org.l2o.engine;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every metric key the engine and the stages report, in one place, so that the MLflow UI's compare
 * view lines variants up and a test can check that nothing else is logged. Keys with '/' are
 * grouped into sections by the UI; {@link #isDeclared} knows the per-problem and per-tensor ones.
 */
public final class MetricKeys {

  // ---- meta-training, step = meta-iteration or episode ----
  /** Meta-training loss, step = meta-iteration. */
  public static final String META_LOSS = "meta_loss";
  /** Imitation loss, step = imitation iteration. */
  public static final String IMITATION_LOSS = "imitation_loss";
  /** Validation score of the learned optimizer (lower is better), step = episode. */
  public static final String VALID_SCORE = "valid_score";
  /** The score a curriculum stage starts from, step = episode. */
  public static final String BASELINE_SCORE = "baseline_score";
  /** Curriculum stage index, step = episode. */
  public static final String CURRICULUM_STAGE = "curriculum_stage";
  /** Final loss of a training episode, step = episode. */
  public static final String EPISODE_FINAL_LOSS = "episode_final_loss";
  /** Training episodes that diverged so far, step = episode. */
  public static final String DIVERGED_EPISODES = "diverged_episodes";
  /** One per training task, step 0 (the best score at its episode). */
  public static final String TRAIN_STEPS = "train_steps";
  public static final String VALID_STEPS = "valid_steps";
  public static final String BEST_VALID_SCORE = "best_valid_score";
  public static final String IMITATION_STEPS = "imitation_steps";
  /** Per optimizee tensor, at each validation: the mean |total update| of its episodes. */
  public static final String VALID_UPDATE = "valid_update/";
  /** Per optimizee tensor: the common-mode share of that update, |mean d| / mean |d|. */
  public static final String VALID_COMMON_MODE = "valid_common_mode/";

  // ---- evaluation, step = optimizee step ----
  /** Mean and std over seeds of ln(training loss), step = optimizee step. */
  public static final String EVAL_LN_LOSS_MEAN = "eval_ln_loss_mean";
  public static final String EVAL_LN_LOSS_STD = "eval_ln_loss_std";
  /** Runs of an evaluation that diverged, at the last step. */
  public static final String DIVERGED_SEEDS = "diverged_seeds";

  // ---- fetch, step 0 ----
  public static final String FILES_DOWNLOADED = "files_downloaded";
  public static final String FILES_FROM_CACHE = "files_from_cache";

  private static final List<String> FIXED = List.of(META_LOSS, IMITATION_LOSS, VALID_SCORE,
      BASELINE_SCORE, CURRICULUM_STAGE, EPISODE_FINAL_LOSS, DIVERGED_EPISODES, TRAIN_STEPS,
      VALID_STEPS, BEST_VALID_SCORE, IMITATION_STEPS, EVAL_LN_LOSS_MEAN, EVAL_LN_LOSS_STD,
      DIVERGED_SEEDS, FILES_DOWNLOADED, FILES_FROM_CACHE);
  private static final String FINAL_LOG_LOSS = "final_log_loss/";
  private static final String DIVERGED_RUNS = "diverged_runs/";
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.\\- ]");

  private MetricKeys() {}

  /** Final ln-loss on one problem, mean over seeds, e.g. {@code final_log_loss/mlp-orig}. */
  public static String finalLogLoss(String problem) {
    return FINAL_LOG_LOSS + safe(problem);
  }

  /** The std over seeds of {@link #finalLogLoss}. */
  public static String finalLogLossStd(String problem) {
    return finalLogLoss(problem) + "_std";
  }

  /** Diverged runs on one problem, e.g. {@code diverged_runs/mlp-orig}. */
  public static String divergedRuns(String problem) {
    return DIVERGED_RUNS + safe(problem);
  }

  /** Whether {@code key} is one of the keys above (a per-problem one for any problem). */
  public static boolean isDeclared(String key) {
    if (FIXED.contains(key)) {
      return true;
    }
    // A problem id is one path segment (safe() replaces '/'); a tensor name may hold several.
    return Stream.of(FINAL_LOG_LOSS, DIVERGED_RUNS).anyMatch(prefix -> key.startsWith(prefix)
            && key.length() > prefix.length() && key.indexOf('/', prefix.length()) < 0)
        || Stream.of(VALID_UPDATE, VALID_COMMON_MODE).anyMatch(prefix -> key.startsWith(prefix)
            && key.length() > prefix.length());
  }

  /** Replaces characters MLflow rejects in keys, and '/', with '_'. */
  public static String safe(String part) {
    if (part == null || part.isBlank()) {
      throw new IllegalArgumentException("metric key part must be non-empty, got '" + part + "'");
    }
    return UNSAFE.matcher(part).replaceAll("_");
  }
}
