package org.l2o.tracking;

import java.util.List;
import java.util.Map;

/**
 * What a finished run holds that another run may want to repeat: its params and the latest value
 * of each metric (MLflow's compare view shows only the latest).
 */
public record RecordedRun(Map<String, String> params, List<LatestMetric> metrics) {

  public RecordedRun {
    params = Map.copyOf(params);
    metrics = List.copyOf(metrics);
  }

  /** A metric's latest value and the step it was logged at. */
  public record LatestMetric(String key, double value, long step) {}
}
