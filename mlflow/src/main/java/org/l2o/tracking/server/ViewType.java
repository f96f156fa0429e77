package org.l2o.tracking.server;

import java.util.Locale;

/** Which lifecycle stages a search returns, as MLflow's {@code ViewType}. */
enum ViewType {
  ACTIVE_ONLY,
  DELETED_ONLY,
  ALL;

  boolean includes(String lifecycleStage) {
    boolean deleted = FileStore.DELETED.equals(lifecycleStage);
    return switch (this) {
      case ACTIVE_ONLY -> !deleted;
      case DELETED_ONLY -> deleted;
      case ALL -> true;
    };
  }

  /** Parses the proto enum name or its number (1, 2, 3); null or blank means ACTIVE_ONLY. */
  static ViewType parse(String text) {
    if (text == null || text.isBlank()) {
      return ACTIVE_ONLY;
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    switch (t) {
      case "1":
        return ACTIVE_ONLY;
      case "2":
        return DELETED_ONLY;
      case "3":
        return ALL;
      default:
        try {
          return valueOf(t);
        } catch (IllegalArgumentException e) {
          throw MlflowError.invalid(
              "unknown view type '" + text + "'; expected ACTIVE_ONLY, DELETED_ONLY or ALL");
        }
    }
  }
}
