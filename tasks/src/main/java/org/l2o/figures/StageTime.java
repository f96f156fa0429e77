package org.l2o.figures;

/**
 * The time one pipeline stage took, summed over its tasks.
 *
 * @param wallSeconds from each task's start to its end, as its provenance records them
 * @param cpuSeconds the CPU time of the tasks' processes, all threads (TensorFlow's native ones
 *     included); NaN when a task did not record it (outputs of older versions)
 */
public record StageTime(double wallSeconds, double cpuSeconds) {

  public static final StageTime ZERO = new StageTime(0, 0);

  public StageTime plus(StageTime o) {
    return new StageTime(wallSeconds + o.wallSeconds, cpuSeconds + o.cpuSeconds);
  }
}
