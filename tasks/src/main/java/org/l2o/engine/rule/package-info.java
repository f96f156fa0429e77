/** Update rules as graph pieces: the analytical optimizers and the learned LSTM optimizers. */
package org.l2o.engine.rule;
