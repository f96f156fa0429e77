package org.l2o.engine.rule;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** The result of one rule step: the additive update {@code [N]} and the new state tensors. */
public record Update(Operand<TFloat32> delta, List<Operand<TFloat32>> state) {}
