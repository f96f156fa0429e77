package org.l2o.tracking.server;

import java.util.Map;

/** One experiment as the FileStore keeps it: {@code <id>/meta.yaml} plus {@code <id>/tags/}. */
record Experiment(
    String id,
    String name,
    String artifactLocation,
    String lifecycleStage,
    long creationTime,
    long lastUpdateTime,
    Map<String, String> tags) {

  Experiment {
    tags = Map.copyOf(tags);
  }

  Experiment withName(String newName, long updateTime) {
    return new Experiment(id, newName, artifactLocation, lifecycleStage, creationTime, updateTime, tags);
  }

  Experiment withLifecycle(String stage, long updateTime) {
    return new Experiment(id, name, artifactLocation, stage, creationTime, updateTime, tags);
  }
}
