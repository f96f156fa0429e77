package org.l2o.engine.rule;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * An optimizer as a graph piece: a fixed structure plus one flat parameter vector that is fed at
 * run time (the learned weights, or an analytical optimizer's hyperparameters). Feeding rather
 * than baking the parameters lets one built graph serve every weight update of meta-training and
 * every learning rate of a grid.
 */
public interface UpdateRule {

  /** Rules with equal keys build identical graphs and differ only in {@link #parameters()}. */
  String structureKey();

  /** The flat parameter vector to feed. */
  float[] parameters();

  /** The per-coordinate state, in the order {@link StepFunction#step} takes it. */
  List<StateSlot> stateSlots();

  /** Binds the rule to its parameter placeholder (slicing weights once, not per step). */
  StepFunction bind(Ops tf, Operand<TFloat32> params);
}
