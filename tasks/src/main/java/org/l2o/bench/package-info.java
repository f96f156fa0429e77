/** Timing of the engine's hot loops on synthetic data (no test asserts time). */
package org.l2o.bench;
