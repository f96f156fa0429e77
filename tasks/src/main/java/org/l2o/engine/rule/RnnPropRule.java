package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.engine.LearnedOptimizerConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * RNNprop (Lv et al. 2017): Adam-like moments m, v (beta1 = beta2 = 0.95, bias-corrected at step
 * t) give the inputs [m^/(sqrt(v^)+1e-8), g/(sqrt(v^)+1e-8)]; Linear(2 -> hidden) + ELU, the
 * LSTM, Linear(hidden -> 1), tanh, times the output scale is the update.
 *
 * <p>State: the LSTM's h/c per layer, then m and v (width 1).
 */
public final class RnnPropRule extends LearnedRule {

  public static final float BETA1 = 0.95f;
  public static final float BETA2 = 0.95f;
  public static final float EPS = 1e-8f;

  public RnnPropRule(LearnedOptimizerConfig config, float[] weights) {
    super(config, weights);
  }

  @Override
  public List<StateSlot> stateSlots() {
    List<StateSlot> s = new ArrayList<>(lstmSlots());
    s.add(new StateSlot("m", 1, 0f));
    s.add(new StateSlot("v", 1, 0f));
    return s;
  }

  @Override
  public StepFunction bind(Ops tf, Operand<TFloat32> params) {
    Ops wt = tf.withSubScope("rnnprop_weights");
    Map<String, Operand<TFloat32>> w = layout.slice(wt, params);
    List<Operand<TFloat32>> gates = gateMatrices(wt, w);
    int h = config.hidden();
    // [H, 3]: the input layer transposed, its bias as the last column (against a row of ones).
    Operand<TFloat32> input =
        wt.concat(
            List.of(
                wt.linalg.transpose(w.get("input/w"), wt.constant(new int[] {1, 0})),
                wt.reshape(w.get("input/b"), wt.constant(new long[] {h, 1}))),
            wt.constant(1));
    float scale = (float) config.outputScale();
    int lstmSlots = 2 * config.layers();
    return (ops, grad, state, t) -> {
      Operand<TFloat32> g = ops.reshape(grad, ops.constant(new long[] {1, -1}));
      Operand<TFloat32> one = ops.constant(1f);
      Operand<TFloat32> b1 = ops.constant(BETA1);
      Operand<TFloat32> b2 = ops.constant(BETA2);
      Operand<TFloat32> m =
          ops.math.add(
              ops.math.mul(b1, state.get(lstmSlots)), ops.math.mul(ops.math.sub(one, b1), g));
      Operand<TFloat32> v =
          ops.math.add(
              ops.math.mul(b2, state.get(lstmSlots + 1)),
              ops.math.mul(ops.math.sub(one, b2), ops.math.square(g)));
      Operand<TFloat32> mHat = ops.math.div(m, ops.math.sub(one, ops.math.pow(b1, t)));
      Operand<TFloat32> vHat = ops.math.div(v, ops.math.sub(one, ops.math.pow(b2, t)));
      Operand<TFloat32> denom = ops.math.add(ops.math.sqrt(vHat), ops.constant(EPS));
      Operand<TFloat32> ones = ones(ops, grad);
      Operand<TFloat32> features =
          ops.concat(
              List.of(ops.math.div(mHat, denom), ops.math.div(g, denom), ones), ops.constant(0));
      Operand<TFloat32> x = ops.nn.elu(ops.linalg.matMul(input, features));
      List<Operand<TFloat32>> next = new ArrayList<>();
      Operand<TFloat32> top = lstm(ops, gates, x, ones, state, next);
      Operand<TFloat32> delta =
          ops.math.mul(ops.math.tanh(linearOut(ops, w, top)), ops.constant(scale));
      next.add(m);
      next.add(v);
      return new Update(delta, next);
    };
  }
}
