/** Experiment tracking: a {@link org.l2o.tracking.Tracker} facade over the MLflow Java client. */
package org.l2o.tracking;
