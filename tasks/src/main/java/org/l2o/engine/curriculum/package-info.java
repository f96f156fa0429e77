/**
 * Curriculum decisions (when to validate, advance, stop) and the imitation-learning reference
 * math (teacher rules, imitation loss, episode sampling), in plain Java so the trainer and the
 * TF-graph tests share one definition.
 */
package org.l2o.engine.curriculum;
