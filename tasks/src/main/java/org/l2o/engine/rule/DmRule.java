package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.engine.LearnedOptimizerConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * L2O-DM: the gradient, preprocessed coordinatewise as [max(log(|g|+eps)/k, -1),
 * clip(g e^k, -1, 1)] (eps = float32 machine epsilon, as in the authors' code), goes through the
 * LSTM; Linear(hidden -> 1) times the output scale is the update, x <- x + update.
 */
public final class DmRule extends LearnedRule {

  /** float32 machine epsilon: the authors' {@code np.finfo(np.float32).eps}. */
  public static final float LOG_EPS = 1.1920929e-07f;

  public DmRule(LearnedOptimizerConfig config, float[] weights) {
    super(config, weights);
  }

  @Override
  public List<StateSlot> stateSlots() {
    return lstmSlots();
  }

  /** The preprocessing of L2O-DM: {@code grad [N]} to features {@code [2, N]}. */
  public static Operand<TFloat32> preprocess(Ops tf, Operand<TFloat32> grad, double k) {
    Operand<TFloat32> g = tf.reshape(grad, tf.constant(new long[] {1, -1}));
    Operand<TFloat32> logPart =
        tf.math.maximum(
            tf.math.div(
                tf.math.log(tf.math.add(tf.math.abs(g), tf.constant(LOG_EPS))),
                tf.constant((float) k)),
            tf.constant(-1f));
    Operand<TFloat32> signPart =
        tf.clipByValue(
            tf.math.mul(g, tf.constant((float) Math.exp(k))), tf.constant(-1f), tf.constant(1f));
    return tf.concat(List.of(logPart, signPart), tf.constant(0));
  }

  @Override
  public StepFunction bind(Ops tf, Operand<TFloat32> params) {
    Ops wt = tf.withSubScope("dm_weights");
    Map<String, Operand<TFloat32>> w = layout.slice(wt, params);
    List<Operand<TFloat32>> gates = gateMatrices(wt, w);
    float scale = (float) config.outputScale();
    double k = config.preprocK();
    return (ops, grad, state, t) -> {
      List<Operand<TFloat32>> next = new ArrayList<>();
      Operand<TFloat32> top =
          lstm(ops, gates, preprocess(ops, grad, k), ones(ops, grad), state, next);
      Operand<TFloat32> delta = ops.math.mul(linearOut(ops, w, top), ops.constant(scale));
      return new Update(delta, next);
    };
  }
}
