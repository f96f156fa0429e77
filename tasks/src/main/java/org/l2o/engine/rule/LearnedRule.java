package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.engine.LearnedOptimizerConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A coordinatewise LSTM optimizer: every coordinate is one row of the LSTM's batch, so one set of
 * weights serves any number of parameters (and of parallel runs). Subclasses give the input
 * features and the output head; the LSTM stack is shared.
 *
 * <p>The LSTM is Sonnet's: gates [i, j, f, o] from one matmul of [input, h], forget bias +1, c' =
 * sigmoid(f+1) c + sigmoid(i) tanh(j), h' = tanh(c') sigmoid(o); state starts at zero.
 */
public abstract class LearnedRule implements UpdateRule {

  /** Sonnet's LSTM adds 1 to the forget gate so that fresh networks remember. */
  public static final float FORGET_BIAS = 1.0f;

  protected final LearnedOptimizerConfig config;
  protected final WeightLayout layout;
  private final float[] weights;

  protected LearnedRule(LearnedOptimizerConfig config, float[] weights) {
    this.config = config;
    this.layout = WeightLayout.of(config);
    if (weights.length != layout.size()) {
      throw new IllegalArgumentException(
          config + " has " + layout.size() + " weights, got " + weights.length);
    }
    this.weights = weights.clone();
  }

  /** The rule for {@code config} with {@code weights}. */
  public static LearnedRule of(LearnedOptimizerConfig config, float[] weights) {
    return LearnedOptimizerConfig.RNNPROP.equals(config.architecture())
        ? new RnnPropRule(config, weights)
        : new DmRule(config, weights);
  }

  public LearnedOptimizerConfig config() {
    return config;
  }

  public WeightLayout layout() {
    return layout;
  }

  @Override
  public String structureKey() {
    return "learned:" + config;
  }

  @Override
  public float[] parameters() {
    return weights.clone();
  }

  /** The LSTM's state slots: h and c of each layer, in that order. */
  protected List<StateSlot> lstmSlots() {
    List<StateSlot> s = new ArrayList<>();
    for (int l = 1; l <= config.layers(); l++) {
      s.add(new StateSlot("h" + l, config.hidden(), 0f));
      s.add(new StateSlot("c" + l, config.hidden(), 0f));
    }
    return s;
  }

  /**
   * Runs the LSTM stack on {@code x [N, in]} from {@code state} (h1, c1, h2, c2, ...; the first
   * {@code 2 * layers} entries), appending the new h/c to {@code next}; returns the top h.
   */
  protected Operand<TFloat32> lstm(
      Ops tf,
      Map<String, Operand<TFloat32>> w,
      Operand<TFloat32> x,
      List<Operand<TFloat32>> state,
      List<Operand<TFloat32>> next) {
    Operand<TFloat32> forget = tf.constant(FORGET_BIAS);
    Operand<TFloat32> in = x;
    for (int l = 1; l <= config.layers(); l++) {
      Operand<TFloat32> h = state.get(2 * (l - 1));
      Operand<TFloat32> c = state.get(2 * (l - 1) + 1);
      Operand<TFloat32> gates =
          tf.nn.biasAdd(
              tf.linalg.matMul(tf.concat(List.of(in, h), tf.constant(1)), w.get("lstm" + l + "/w")),
              w.get("lstm" + l + "/b"));
      List<Operand<TFloat32>> g = new ArrayList<>();
      tf.split(tf.constant(1), gates, 4L).forEach(g::add);
      Operand<TFloat32> cNew =
          tf.math.add(
              tf.math.mul(tf.math.sigmoid(tf.math.add(g.get(2), forget)), c),
              tf.math.mul(tf.math.sigmoid(g.get(0)), tf.math.tanh(g.get(1))));
      Operand<TFloat32> hNew = tf.math.mul(tf.math.tanh(cNew), tf.math.sigmoid(g.get(3)));
      next.add(hNew);
      next.add(cNew);
      in = hNew;
    }
    return in;
  }

  /** {@code h [N, hidden]} through Linear(hidden -> 1), flattened to {@code [N]}. */
  protected Operand<TFloat32> linearOut(
      Ops tf, Map<String, Operand<TFloat32>> w, Operand<TFloat32> h) {
    Operand<TFloat32> y =
        tf.nn.biasAdd(tf.linalg.matMul(h, w.get("linear/w")), w.get("linear/b"));
    return tf.reshape(y, tf.constant(new long[] {-1}));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + config + ", " + layout.size() + " weights]";
  }
}
