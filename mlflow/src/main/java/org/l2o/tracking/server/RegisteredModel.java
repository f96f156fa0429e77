package org.l2o.tracking.server;

import java.util.Map;

/**
 * A registered model as MLflow's registry FileStore keeps it: {@code models/<name>/meta.yaml},
 * plus {@code tags/<key>} and {@code aliases/<alias>} (whose content is a version number).
 */
record RegisteredModel(
    String name,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    String description,
    Map<String, String> tags,
    Map<String, String> aliases) {

  RegisteredModel {
    tags = Map.copyOf(tags);
    aliases = Map.copyOf(aliases);
  }

  RegisteredModel withDescription(String newDescription, long time) {
    return new RegisteredModel(name, creationTimestamp, time, newDescription, tags, aliases);
  }

  RegisteredModel withName(String newName, long time) {
    return new RegisteredModel(newName, creationTimestamp, time, description, tags, aliases);
  }

  RegisteredModel touched(long time) {
    return new RegisteredModel(name, creationTimestamp, time, description, tags, aliases);
  }
}
