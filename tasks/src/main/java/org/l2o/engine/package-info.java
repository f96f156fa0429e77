/**
 * The L2O engine on TensorFlow Java: optimizees, analytical optimizers, learned optimizers
 * (L2O-DM, RNNprop), meta-training (baseline, curriculum, imitation) and evaluation. It knows
 * nothing of pipelines or MLflow; it reports through an {@link org.l2o.engine.EngineListener}.
 */
package org.l2o.engine;
