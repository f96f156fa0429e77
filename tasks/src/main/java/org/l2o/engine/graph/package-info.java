/** TensorFlow Java plumbing for the engine: tensors in and out, feeds that close, sessions, devices. */
package org.l2o.engine.graph;
