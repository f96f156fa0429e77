/**
 * Update rules as graph pieces: the analytical optimizers, the learned LSTM optimizers (L2O-DM,
 * RNNprop) and the hierarchical GRU optimizer L2O-Scale, whose per-tensor and per-run state slots
 * need the optimizee's tensor boundaries ({@link org.l2o.engine.rule.CoordinateLayout}).
 */
package org.l2o.engine.rule;
