package org.l2o.runner;

import java.nio.file.Path;
import java.util.Map;

/** How a pipeline run reports to experiment tracking: the parent run and its children. */
public interface RunTracking extends AutoCloseable {

  /** Environment variables that make a stage process log a child run of this run. */
  Map<String, String> childEnvironment(TaskPlan task, String key, WorkFolder work);

  /** Records a task reused from the cache as a child run tagged as a cache hit. */
  void taskCached(TaskPlan task, String key, WorkFolder work);

  /** Ends the parent run, after logging the run's report and figures from {@code resultsDir}. */
  void runFinished(TaskStatus outcome, Path resultsDir);

  /** One line for the console: where the runs are and how to see them. */
  String describe();

  @Override
  default void close() {}

  /** Tracking switched off. */
  RunTracking NONE =
      new RunTracking() {
        @Override
        public Map<String, String> childEnvironment(TaskPlan task, String key, WorkFolder work) {
          return Map.of();
        }

        @Override
        public void taskCached(TaskPlan task, String key, WorkFolder work) {}

        @Override
        public void runFinished(TaskStatus outcome, Path resultsDir) {}

        @Override
        public String describe() {
          return "tracking: off";
        }
      };
}
