package org.l2o.stages;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.l2o.params.ResolvedParams;
import org.l2o.progress.Progress;
import org.l2o.tracking.Tracker;

/**
 * What a running stage may touch: its params, its declared inputs, the folder it writes to, and the
 * tracker of its run.
 *
 * @param taskName a human name for progress lines, such as {@code evaluate (adam/mlp-orig)}
 * @param out a temporary folder; the executor renames it to the task's output when the stage
 *     returns
 * @param finalOut the task's output folder, {@code --out}, which {@code out} becomes: what a
 *     stage names things after that must outlive one attempt (training checkpoints)
 * @param log where the stage prints its one-line reports (the command's error writer), so that
 *     a test can read what a run prints
 */
public record StageContext(
    String taskName,
    ResolvedParams params,
    Map<String, List<Path>> inputs,
    Path out,
    Tracker tracker,
    Path finalOut,
    PrintWriter log) {

  public StageContext {
    inputs = Map.copyOf(inputs);
  }

  /** A context whose output is written in place ({@code out} is final), printing to stderr. */
  public StageContext(
      String taskName, ResolvedParams params, Map<String, List<Path>> inputs, Path out,
      Tracker tracker) {
    this(taskName, params, inputs, out, tracker, out, new PrintWriter(System.err, true));
  }

  /** The single folder bound to {@code role}; fails naming the role when absent or ambiguous. */
  public Path input(String role) {
    List<Path> paths = inputs(role);
    if (paths.size() != 1) {
      throw new StageException(
          taskName + ": expected exactly one --input " + role + "=<dir>, got " + paths.size(),
          2,
          null);
    }
    return paths.get(0);
  }

  /** Every folder bound to {@code role} (possibly none). */
  public List<Path> inputs(String role) {
    return inputs.getOrDefault(role, List.of());
  }

  /** Starts a progress display labelled with this task's name. */
  public Progress progress(String what, long total, String unit) {
    return Progress.start(taskName + (what.isEmpty() ? "" : " " + what), total, unit);
  }
}
