package org.l2o.stages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.engine.EngineListener;
import org.l2o.progress.Progress;
import org.l2o.tracking.Tracker;

/**
 * Forwards what the engine reports: metrics to the tracker, progress to the display, and events
 * (validations, curriculum decisions, divergences) into a list the stage writes as history.
 */
final class StageListener implements EngineListener {

  private final Tracker tracker;
  private final Progress progress;
  private final List<Map<String, Object>> events = new ArrayList<>();

  StageListener(Tracker tracker, Progress progress) {
    this.tracker = tracker;
    this.progress = progress;
  }

  @Override
  public void onMetric(String key, double value, long step) {
    tracker.logMetric(key, value, step);
  }

  @Override
  public void onProgress(long done, long total, String message) {
    progress.setTotal(total);
    progress.setMessage(message);
    progress.stepTo(done);
  }

  @Override
  public synchronized void onEvent(String kind, Map<String, Object> details) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", kind);
    e.putAll(details);
    events.add(e);
  }

  synchronized List<Map<String, Object>> events() {
    return List.copyOf(events);
  }
}
