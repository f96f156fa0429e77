package org.l2o.tracking.server;

import java.util.Map;

/** A run with its latest metric values, params and tags, as runs/get and runs/search return it. */
record Run(
    RunInfo info, Map<String, Metric> latestMetrics, Map<String, String> params,
    Map<String, String> tags) {}
