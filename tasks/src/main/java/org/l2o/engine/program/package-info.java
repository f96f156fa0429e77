/** Built graphs that run many optimizee steps per session call: rollouts with and without meta-gradients. */
package org.l2o.engine.program;
