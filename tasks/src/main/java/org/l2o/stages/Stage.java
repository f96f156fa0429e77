package org.l2o.stages;

import java.util.Set;
import org.l2o.params.ResolvedParams;

/**
 * One stage of the pipeline: reads only its declared inputs and params, writes only under the
 * output folder it is given, reports to the context's tracker.
 *
 * <p>A stage holds no static state and never calls {@code System.exit}; the {@link StageExecutor}
 * handles the temporary folder, the rename on success and the tracked run's status.
 */
public interface Stage {

  /** The stage's name, as in {@link org.l2o.params.StageNames}. */
  String name();

  /** The input roles it reads ({@code data}, {@code trained}, {@code evaluations}). */
  Set<String> inputRoles();

  /**
   * Reads every param a task of this stage reads, and nothing else, into the stage's settings
   * record. {@link #run} starts with it and reads no param afterwards, so a test that records what
   * this reads knows everything a task reads.
   *
   * @throws org.l2o.params.ParamException naming a param the task was not given
   */
  Record settings(ResolvedParams p);

  /** Does the work, writing into {@link StageContext#out()}. */
  void run(StageContext ctx) throws Exception;
}
