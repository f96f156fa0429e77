package org.l2o.engine.rule;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** A rule bound to its parameter tensor, ready to be applied at any number of steps. */
public interface StepFunction {

  /**
   * One step: {@code grad [N]} and {@code state} (one {@code [width, N]} tensor per slot) at step
   * {@code t} (float scalar, 1-based, for bias corrections) give the update and the new state.
   */
  Update step(Ops tf, Operand<TFloat32> grad, List<Operand<TFloat32>> state, Operand<TFloat32> t);
}
