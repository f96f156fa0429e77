/** The pipeline declaration and the Java runner: DAG, bounded pool, cache, resume, trace, history. */
package org.l2o.runner;
