package org.l2o.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tasks planned so far, by stage, in declaration order. */
public final class PlannedTasks {

  private final Map<String, List<TaskPlan>> byStage = new LinkedHashMap<>();

  void add(String stage, List<TaskPlan> tasks) {
    byStage.put(stage, List.copyOf(tasks));
  }

  public List<TaskPlan> of(String stage) {
    return byStage.getOrDefault(stage, List.of());
  }

  /** The single task of a stage that has one (fetch, plot). */
  public TaskPlan single(String stage) {
    List<TaskPlan> t = of(stage);
    if (t.size() != 1) {
      throw new IllegalStateException(stage + " should plan exactly one task, planned " + t.size());
    }
    return t.get(0);
  }

  /** The training task, in any training stage, that produces {@code variant}. */
  public Optional<TaskPlan> trainerOf(String variant) {
    for (List<TaskPlan> tasks : byStage.values()) {
      for (TaskPlan t : tasks) {
        if (t.params().has("variant") && t.params().getString("variant").equals(variant)) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  /** Every planned task, upstream first. */
  public List<TaskPlan> all() {
    List<TaskPlan> out = new ArrayList<>();
    byStage.values().forEach(out::addAll);
    return out;
  }
}
