package org.l2o.protocol;

import org.l2o.tracking.TrackingSession;

/**
 * The runner-to-stage contract in one place: how the Java runner and the generated Nextflow
 * modules call {@code l2o stage <name>}, and how the stage answers. Both sides, and the Nextflow
 * writer, take these names from here, so they cannot drift apart.
 *
 * <h3>Call</h3>
 *
 * {@code l2o stage <name> --params <PARAMS_FILE> [-p key=value ...] [--input role=dir ...] --out
 * <dir>}, with the environment variables below.
 *
 * <h3>Answer</h3>
 *
 * The output folder (with {@link #PROVENANCE_FILE}), exit code 0 (ok), 1 (failure), 2 (bad
 * input) or 130 (interrupted), and on stderr, when {@link #PROGRESS_ENV} asks for it, progress
 * lines starting with {@link #PROGRESS_LINE_PREFIX}.
 */
public final class StageProtocol {

  /** The task's name as the runner shows it, e.g. {@code evaluate (adam/mlp-orig)}. */
  public static final String TASK_NAME_ENV = "L2O_TASK_NAME";
  /** How a stage shows progress; {@link #PROGRESS_EVENTS} makes it print progress lines. */
  public static final String PROGRESS_ENV = "L2O_PROGRESS";
  /** The {@link #PROGRESS_ENV} value for machine-read progress lines. */
  public static final String PROGRESS_EVENTS = "events";
  /** Starts a progress line: then task, done, total and unit, tab-separated. */
  public static final String PROGRESS_LINE_PREFIX = "##l2o-progress ";
  /** Where the stage writes the id of the MLflow run it logs to. */
  public static final String RUN_ID_FILE_ENV = "L2O_RUN_ID_FILE";
  /** Where the stage spools what the tracking server could not take. */
  public static final String SPOOL_DIR_ENV = "L2O_SPOOL_DIR";
  /** The task's cache key, tagged on its MLflow run. */
  public static final String TASK_KEY_ENV = "L2O_TASK_KEY";
  /** The MLflow run the stage's run nests under. */
  public static final String PARENT_RUN_ID_ENV = TrackingSession.ENV_PARENT_RUN_ID;
  /** The MLflow experiment the stage logs to. */
  public static final String EXPERIMENT_ID_ENV = TrackingSession.ENV_EXPERIMENT_ID;
  /** Test hook: a stage whose stage or task name equals this value fails on purpose. */
  public static final String FAIL_STAGE_ENV = "L2O_FAIL_STAGE";
  /**
   * Prefix of the variables through which a Nextflow module passes a not-hashed param ({@code
   * L2O_PARAM_DEVICE=device=gpu}), which must not enter Nextflow's task hash.
   */
  public static final String PARAM_ENV_PREFIX = "L2O_PARAM_";
  /** The task's params file: exactly the params the task reads. */
  public static final String PARAMS_FILE = "params.yaml";
  /** What a task records about how its output was made, inside the output folder. */
  public static final String PROVENANCE_FILE = "provenance.json";

  private StageProtocol() {}
}
