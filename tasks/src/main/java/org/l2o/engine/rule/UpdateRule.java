package org.l2o.engine.rule;

import java.util.Arrays;
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

  /** The state, in the order {@link StepFunction#step} takes it. */
  List<StateSlot> stateSlots();

  /** Binds the rule to its parameter placeholder (slicing weights once, not per step). */
  StepFunction bind(Ops tf, Operand<TFloat32> params);

  /**
   * Whether the rule needs the optimizee's tensor boundaries ({@link #bind(Ops, Operand,
   * CoordinateLayout)}): it then gets unpadded, unblocked coordinates. Coordinatewise rules do not.
   */
  default boolean tensorAware() {
    return false;
  }

  /**
   * Binds the rule for the coordinates of {@code layout}. Coordinatewise rules ignore the layout
   * and work on any number of coordinates.
   */
  default StepFunction bind(Ops tf, Operand<TFloat32> params, CoordinateLayout layout) {
    return bind(tf, params);
  }

  /**
   * Fresh state for the runs of {@code layout}, one {@code [width, columns]} array per slot;
   * {@code runSeeds} (one per run) seed any random part. The default fills every slot with its
   * constant initial value.
   */
  default float[][] initialState(CoordinateLayout layout, long[] runSeeds) {
    return constantState(stateSlots(), layout);
  }

  /** Every slot of {@code slots} at its constant initial value, for the columns of {@code layout}. */
  static float[][] constantState(List<StateSlot> slots, CoordinateLayout layout) {
    float[][] s = new float[slots.size()][];
    for (int i = 0; i < s.length; i++) {
      StateSlot slot = slots.get(i);
      s[i] = new float[slot.width() * layout.columns(slot.scope())];
      Arrays.fill(s[i], slot.initial());
    }
    return s;
  }
}
