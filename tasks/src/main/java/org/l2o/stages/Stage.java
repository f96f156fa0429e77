package org.l2o.stages;

import java.util.Set;

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

  /** Does the work, writing into {@link StageContext#out()}. */
  void run(StageContext ctx) throws Exception;
}
