package org.l2o.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.l2o.tracking.ModelRegistry;
import org.l2o.tracking.ModelRegistry.TrackedRun;
import org.l2o.tracking.Tags;

/**
 * Which trained optimizer {@code l2o mlflow register <run>} registers:
 *
 * <ol>
 *   <li>a run that logged an MLflow Model (a train-* task): that model;
 *   <li>a cache-hit run (tag {@code l2o.cached_from_run}): the run that computed it;
 *   <li>a pipeline run: of its train-* children, the variant whose evaluate children report the
 *       lowest {@code metric} (default {@code final_log_loss/mlp-orig}, the problem the
 *       optimizers were trained on); when no evaluation reports it, the lowest validation score
 *       ({@code best_valid_score}) of the training itself; a single trained optimizer is chosen
 *       as is.
 * </ol>
 *
 * @param run the run that logged the model
 * @param variant the learned optimizer's variant (dm, dm-cl-il, ...)
 * @param reason why this one, for the user
 */
record TrainedOptimizerChoice(TrackedRun run, String artifactPath, String variant, String reason) {

  static final String METRIC_DEFAULT = "final_log_loss/mlp-orig";
  static final String VALID_SCORE = "best_valid_score";
  static final String ARTIFACT_PATH = "optimizer";

  static TrainedOptimizerChoice of(ModelRegistry registry, String runId, String metric) {
    TrackedRun run = registry.run(runId);
    Optional<TrackedRun> withModel = modelRun(registry, run);
    if (withModel.isPresent()) {
      TrackedRun m = withModel.get();
      String how = m.runId().equals(run.runId()) ? "run " + run.runId() + " logged it"
          : "run " + run.runId() + " is a cache hit of run " + m.runId();
      return new TrainedOptimizerChoice(m, artifactPath(m), variant(registry, run), how);
    }
    List<TrackedRun> children = registry.childRuns(run);
    if (children.isEmpty()) {
      throw new IllegalArgumentException("run " + runId + " (" + run.name() + ") logged no MLflow Model and has no"
          + " child runs; pass the id of a train-* task's run or of an `l2o run` pipeline run");
    }
    Map<String, TrackedRun> trained = new LinkedHashMap<>();
    for (TrackedRun c : children) {
      if (c.tag(Tags.STAGE).orElse("").startsWith("train-")) {
        modelRun(registry, c).ifPresent(m -> trained.put(variant(registry, c), m));
      }
    }
    if (trained.isEmpty()) {
      throw new IllegalArgumentException("pipeline run " + runId + " has " + children.size()
          + " child runs but none logged a trained optimizer (train-* tasks log one since this version;"
          + " rerun the training or register a train run directly)");
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (TrackedRun c : children) {
      Double v = c.metrics().get(metric);
      if (c.tag(Tags.STAGE).orElse("").equals("evaluate") && v != null && !v.isNaN()) {
        String variant = variant(registry, c);
        if (trained.containsKey(variant)) {
          scores.merge(variant, v, Math::min);
        }
      }
    }
    String basis = metric + " of the evaluations";
    if (scores.isEmpty()) {
      trained.forEach((variant, m) -> Optional.ofNullable(m.metrics().get(VALID_SCORE))
          .filter(v -> !v.isNaN()).ifPresent(v -> scores.put(variant, v)));
      basis = VALID_SCORE + " of the training (no evaluation reports " + metric + ")";
    }
    if (scores.isEmpty()) {
      if (trained.size() == 1) {
        Map.Entry<String, TrackedRun> only = trained.entrySet().iterator().next();
        return new TrainedOptimizerChoice(only.getValue(), artifactPath(only.getValue()), only.getKey(),
            "the only optimizer pipeline run " + runId + " trained (nothing to compare)");
      }
      throw new IllegalArgumentException("pipeline run " + runId + " trained " + trained.keySet()
          + " but no run reports " + metric + " or " + VALID_SCORE + " to choose by; pick one with --metric,"
          + " or register a train run directly");
    }
    List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    String best = ranked.get(0).getKey();
    StringBuilder why = new StringBuilder("lowest " + basis + " among the optimizers pipeline run " + runId
        + " trained: ");
    ranked.forEach(e -> why.append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%.4f", e.getValue())).append(' '));
    return new TrainedOptimizerChoice(trained.get(best), artifactPath(trained.get(best)), best, why.toString().trim());
  }

  /** The run itself when it logged a model, else the run a cache hit points at, if that did. */
  private static Optional<TrackedRun> modelRun(ModelRegistry registry, TrackedRun run) {
    if (!run.loggedModelPaths().isEmpty()) {
      return Optional.of(run);
    }
    Optional<String> from = run.tag(Tags.CACHED_FROM_RUN);
    if (from.isPresent()) {
      TrackedRun computed = registry.run(from.get());
      return computed.loggedModelPaths().isEmpty() ? Optional.empty() : Optional.of(computed);
    }
    return Optional.empty();
  }

  private static String artifactPath(TrackedRun run) {
    List<String> paths = run.loggedModelPaths();
    return paths.contains(ARTIFACT_PATH) ? ARTIFACT_PATH : paths.get(paths.size() - 1);
  }

  /** The variant a run trained or evaluated: its tag, else its cache source's, else its task name's head. */
  private static String variant(ModelRegistry registry, TrackedRun run) {
    Optional<String> v = run.tag(Tags.VARIANT);
    if (v.isPresent()) {
      return v.get();
    }
    Optional<String> from = run.tag(Tags.CACHED_FROM_RUN);
    if (from.isPresent()) {
      Optional<String> fromVariant = registry.run(from.get()).tag(Tags.VARIANT);
      if (fromVariant.isPresent()) {
        return fromVariant.get();
      }
    }
    String task = run.tag(Tags.TASK).orElse(run.name());
    return task.contains("/") ? task.substring(0, task.indexOf('/')) : task;
  }
}
