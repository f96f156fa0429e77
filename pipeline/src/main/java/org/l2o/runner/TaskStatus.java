package org.l2o.runner;

/** How a task ended, with Nextflow's trace vocabulary. */
public enum TaskStatus {
  /** Ran and succeeded. */
  COMPLETED,
  /** Reused from an earlier run's work folder. */
  CACHED,
  /** Ran and failed. */
  FAILED,
  /** Interrupted (Ctrl-C, SIGTERM) while running. */
  ABORTED
}
