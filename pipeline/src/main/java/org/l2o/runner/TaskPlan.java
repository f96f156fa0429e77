package org.l2o.runner;

import java.util.List;
import java.util.Map;
import org.l2o.params.ResolvedParams;

/**
 * One task of the planned pipeline: a stage applied to one fan-out element.
 *
 * @param id the fan-out element, such as {@code dm} or {@code adam/mlp-orig}; unique per stage
 * @param params exactly the params the task reads, per-task keys included
 * @param inputs upstream tasks bound to each input role
 * @param label the resource label (process_single, process_gpu), as in Nextflow
 */
public record TaskPlan(
    String stage, String id, ResolvedParams params, Map<String, List<TaskPlan>> inputs, String label) {

  public TaskPlan {
    inputs = Map.copyOf(inputs);
  }

  /** "evaluate (adam/mlp-orig)", as Nextflow names tasks. */
  public String name() {
    return stage + " (" + id + ")";
  }

  /** The id made safe for a folder name. */
  public String folderName() {
    return id.replace('/', '_');
  }
}
