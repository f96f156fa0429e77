package org.l2o.engine;

import java.util.Map;

/**
 * How the engine reports what it does, without knowing who listens (a stage forwards to the
 * tracker and the progress display; a test collects).
 */
public interface EngineListener {

  /** A scalar metric at a step, such as {@code meta_loss} per meta-iteration. */
  default void onMetric(String key, double value, long step) {}

  /** Progress of the current loop: {@code done} of {@code total} units, with a short status. */
  default void onProgress(long done, long total, String message) {}

  /**
   * A discrete event worth recording, such as a curriculum decision ({@code "advance"},
   * {@code "restore"}, {@code "stop"}) or a divergence ({@code "diverged"}), with its details.
   */
  default void onEvent(String kind, Map<String, Object> details) {}

  /** A listener that ignores everything. */
  EngineListener NONE = new EngineListener() {};
}
