package org.l2o.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.env.EnvironmentInfo;
import org.l2o.provenance.ToolVersion;
import org.l2o.tracking.Tags;
import org.l2o.tracking.Tracker;
import org.l2o.tracking.TrackingOptions;
import org.l2o.tracking.TrackingSession;
import org.l2o.protocol.StageProtocol;

/**
 * The tracked run of one stage process, from the environment the runner or Nextflow set:
 * {@code MLFLOW_TRACKING_URI} (unset: nothing is tracked), {@code L2O_MLFLOW_EXPERIMENT_ID} and
 * {@code L2O_MLFLOW_PARENT_RUN_ID} (a child run of the pipeline's run).
 */
final class StageTracking {

  /** Where the runner wants the run id written, so that a later cache hit can point at it. */
  static final String RUN_ID_FILE_ENV = StageProtocol.RUN_ID_FILE_ENV;
  /** Where unsent tracking data is spooled (default: a folder beside --out). */
  static final String SPOOL_ENV = StageProtocol.SPOOL_DIR_ENV;
  static final String TASK_KEY_ENV = StageProtocol.TASK_KEY_ENV;

  private StageTracking() {}

  static Tracker open(String stage, String taskName, Path out, EnvironmentInfo env) throws Exception {
    Map<String, String> sysEnv = System.getenv();
    TrackingSession session = TrackingSession.fromEnvironment(sysEnv,
        TrackingOptions.defaults().withWarnings(w -> System.err.println("WARNING: " + w)));
    if (!session.enabled()) {
      return Tracker.NOOP;
    }
    Map<String, String> tags = new LinkedHashMap<>(env.asTags());
    tags.put(Tags.STAGE, stage);
    tags.put(Tags.TASK, taskName);
    tags.put(Tags.CACHE, Tags.CACHE_MISS);
    tags.put(Tags.TOOL_VERSION, ToolVersion.current());
    String key = sysEnv.get(TASK_KEY_ENV);
    if (key != null) {
      tags.put(Tags.CACHE_KEY, key);
    }
    tags.putAll(Tags.source("l2o stage " + stage, EnvironmentInfo.known(env.get(EnvironmentInfo.GIT_COMMIT))));
    String spool = sysEnv.get(SPOOL_ENV);
    Path spoolDir = spool != null ? Path.of(spool)
        : out.toAbsolutePath().resolveSibling(out.getFileName() + ".mlflow-spool");
    Tracker t = session.startRun(taskName, session.parentRunIdFromEnvironment().orElse(null), tags, spoolDir);
    String idFile = sysEnv.get(RUN_ID_FILE_ENV);
    if (idFile != null && t.runId() != null) {
      Files.writeString(Path.of(idFile), t.runId());
    }
    return t;
  }
}
