package org.l2o.tracking.server;

import java.util.List;
import java.util.Map;

/**
 * One version of a registered model: {@code models/<name>/version-<n>/meta.yaml} plus
 * {@code tags/}. {@code source} is what the client registered (e.g. {@code runs:/<id>/optimizer});
 * {@code storageLocation} is where the files are ({@code mlflow-artifacts:/...}), which
 * {@code get-download-uri} answers. A deleted version keeps its folder with stage
 * {@link ModelRegistryStore#STAGE_DELETED_INTERNAL}, so its number is never handed out again.
 */
record ModelVersion(
    String name,
    long version,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    String description,
    String userId,
    String currentStage,
    String source,
    String runId,
    String runLink,
    String status,
    String statusMessage,
    String storageLocation,
    Map<String, String> tags,
    List<String> aliases) {

  ModelVersion {
    tags = Map.copyOf(tags);
    aliases = List.copyOf(aliases);
  }

  ModelVersion with(String newName, String newStage, String newDescription, long time) {
    return new ModelVersion(newName, version, creationTimestamp, time, newDescription, userId, newStage,
        source, runId, runLink, status, statusMessage, storageLocation, tags, aliases);
  }

  /** Where clients download the files from. */
  String downloadUri() {
    return storageLocation == null || storageLocation.isEmpty() ? source : storageLocation;
  }
}
