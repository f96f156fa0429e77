/** An embedded MLflow-compatible tracking server that stores runs in MLflow's FileStore layout. */
package org.l2o.tracking.server;
