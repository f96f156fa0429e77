package org.l2o.runner;

import java.util.List;
import java.util.function.BiFunction;
import org.l2o.params.ResolvedParams;

/**
 * One stage in the declaration: what it is, the stages it reads from, its resource label, and how
 * it fans out into tasks.
 *
 * @param fanOut given the run's params and the tasks planned so far (by stage), the stage's tasks
 */
public record StageDecl(
    String name,
    String description,
    String label,
    List<String> upstream,
    List<String> outputs,
    BiFunction<ResolvedParams, PlannedTasks, List<TaskPlan>> fanOut) {

  public StageDecl {
    upstream = List.copyOf(upstream);
    outputs = List.copyOf(outputs);
  }
}
