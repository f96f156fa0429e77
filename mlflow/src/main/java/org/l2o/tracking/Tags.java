package org.l2o.tracking;

/**
 * Reserved tag keys, in one place so every task tags runs the same way and the MLflow UI can
 * group and filter them. The {@code mlflow.*} keys are MLflow's own; the {@code l2o.*} keys are
 * this pipeline's. The caller sets them; the tracker only reserves {@link #SPOOL_RUN_KEY}.
 */
public final class Tags {
  /** MLflow nests a run under this parent run id in the UI. */
  public static final String PARENT_RUN_ID = "mlflow.parentRunId";
  /** The run's display name; MLflow keeps it in meta.yaml too. */
  public static final String RUN_NAME = "mlflow.runName";
  /** What ran: the command line, shown with {@link #SOURCE_GIT_COMMIT} in the UI's Source column. */
  public static final String SOURCE_NAME = "mlflow.source.name";
  /** MLflow's source type: {@link #SOURCE_TYPE_LOCAL} for a command run on this machine. */
  public static final String SOURCE_TYPE = "mlflow.source.type";
  public static final String SOURCE_TYPE_LOCAL = "LOCAL";
  public static final String SOURCE_GIT_COMMIT = "mlflow.source.git.commit";
  /**
   * The MLflow Models a run logged: a JSON list of their MLmodel dicts, through which the UI
   * lists them (the run page's "Models" column and its register button).
   */
  public static final String LOGGED_MODELS = "mlflow.log-model.history";

  /** The pipeline stage: fetch, train-baseline, train-curriculum, train-imitation, evaluate, plot. */
  public static final String STAGE = "l2o.stage";
  /** The task within a stage, e.g. its variant x problem x seed. */
  public static final String TASK = "l2o.task";
  /** {@link #CACHE_HIT} when the runner reused a cached result, else {@link #CACHE_MISS}. */
  public static final String CACHE = "l2o.cache";
  public static final String CACHE_HIT = "hit";
  public static final String CACHE_MISS = "miss";
  /** "false" when the data could not be checksum-verified (e.g. a stand-in data set). */
  public static final String DATA_VERIFIED = "l2o.data_verified";
  public static final String PROFILE = "l2o.profile";
  public static final String VARIANT = "l2o.variant";
  /**
   * Who made an evaluated optimizer: "authors" (the paper authors' released models), "l2o"
   * (trained or initialised by this project) or "analytical".
   */
  public static final String ORIGIN = "l2o.origin";
  public static final String PROBLEM = "l2o.problem";
  /** On a cache-hit run: the run that computed the result (its histories, artifacts and model). */
  public static final String CACHED_FROM_RUN = "l2o.cached_from_run";
  /** The task's cache key, so a run can be traced back to its work folder. */
  public static final String CACHE_KEY = "l2o.cache_key";
  /** The digest of the tool's own code that every cache key includes. */
  public static final String TOOL_VERSION = "l2o.tool_version";
  /** On a pipeline run: the command line as typed. */
  public static final String COMMAND = "l2o.command";
  /** On a registered model version: the run its optimizer came from. */
  public static final String REGISTERED_FROM_RUN = "l2o.registered_from_run";
  /** On a registered model version: why that run's optimizer was chosen. */
  public static final String CHOSEN_BECAUSE = "l2o.chosen_because";

  /**
   * Set by the tracker on runs it had to create from its spool (the server was down at start),
   * so a replay that is interrupted and repeated finds the run instead of creating a second one.
   */
  public static final String SPOOL_RUN_KEY = "l2o.spool_run_key";

  private static final java.util.Set<String> KEYS = keys();

  private Tags() {}

  /** The tag keys above (their values, such as {@link #CACHE_HIT}, aside). */
  private static java.util.Set<String> keys() {
    java.util.Set<String> keys = new java.util.TreeSet<>();
    for (java.lang.reflect.Field f : Tags.class.getFields()) {
      if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          String v = (String) f.get(null);
          if (v.startsWith("mlflow.") || v.startsWith("l2o.")) {
            keys.add(v);
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return java.util.Set.copyOf(keys);
  }

  /**
   * Whether {@code key} is one of the tag keys above. The environment's {@code l2o.env.*} tags
   * are declared by {@code org.l2o.env.EnvironmentInfo} instead.
   */
  public static boolean isDeclared(String key) {
    return KEYS.contains(key);
  }

  /**
   * MLflow's source tags for a run started by {@code command} at {@code gitCommit} (null or
   * blank when unknown: left out, rather than shown as a version). The UI's Source column shows
   * the part of the name after its last '/', so the command is given without paths, e.g. {@code
   * l2o stage evaluate}. The environment's own tags ({@code l2o.env.*}) are named by {@code
   * org.l2o.env.EnvironmentInfo}, the one place that knows them.
   */
  public static java.util.Map<String, String> source(String command, String gitCommit) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(SOURCE_NAME, command);
    m.put(SOURCE_TYPE, SOURCE_TYPE_LOCAL);
    if (gitCommit != null && !gitCommit.isBlank()) {
      m.put(SOURCE_GIT_COMMIT, gitCommit);
    }
    return m;
  }
}
