package org.l2o.tracking.server;

import org.l2o.tracking.RunStatus;

/** A run's {@code meta.yaml}: everything about the run except its params, metrics and tags. */
record RunInfo(
    String runId,
    String experimentId,
    String runName,
    String userId,
    RunStatus status,
    long startTime,
    Long endTime,
    String artifactUri,
    String lifecycleStage,
    Long deletedTime) {

  RunInfo withStatus(RunStatus newStatus, Long newEndTime) {
    return new RunInfo(runId, experimentId, runName, userId, newStatus, startTime, newEndTime,
        artifactUri, lifecycleStage, deletedTime);
  }

  RunInfo withRunName(String newName) {
    return new RunInfo(runId, experimentId, newName, userId, status, startTime, endTime,
        artifactUri, lifecycleStage, deletedTime);
  }

  RunInfo withLifecycle(String stage, Long newDeletedTime) {
    return new RunInfo(runId, experimentId, runName, userId, status, startTime, endTime,
        artifactUri, stage, newDeletedTime);
  }
}
