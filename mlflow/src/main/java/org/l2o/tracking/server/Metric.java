package org.l2o.tracking.server;

/** One logged metric value; a metric file holds one per line as {@code <timestamp> <value> <step>}. */
record Metric(String key, double value, long timestamp, long step) {}
