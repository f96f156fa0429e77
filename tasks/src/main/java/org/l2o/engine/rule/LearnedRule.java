package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.engine.LearnedOptimizerConfig;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A coordinatewise LSTM optimizer: every coordinate is one column of the LSTM's batch, so one set
 * of weights serves any number of parameters (and of parallel runs). Subclasses give the input
 * features and the output head; the LSTM stack is shared.
 *
 * <p>The LSTM is Sonnet's: gates [i, j, f, o] from [input, h], forget bias +1, c' = sigmoid(f+1)
 * c + sigmoid(i) tanh(j), h' = tanh(c') sigmoid(o); state starts at zero. The saved weights keep
 * Sonnet's layout; the graph computes the same function in a faster form:
 *
 * <ul>
 *   <li>feature-major tensors ({@code [features, N]}), so that splitting gates and state into
 *       rows shares buffers instead of copying (TF splits along dimension 0 without a copy when
 *       rows are 64-byte aligned; the rollout pads N to a multiple of 16 for that);
 *   <li>gate rows reordered to [i, f, o, j] (the three sigmoid gates first);
 *   <li>the bias (with the forget bias folded in) as an extra weight column against a row of
 *       ones, so that no separate bias pass over the [4H, N] gates is needed.
 * </ul>
 *
 * The weight reshuffling runs once per session call on the (small) weights, not per coordinate.
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
    return switch (config.architecture()) {
      case LearnedOptimizerConfig.RNNPROP -> new RnnPropRule(config, weights);
      case LearnedOptimizerConfig.SCALE -> new ScaleRule(config, weights);
      default -> new DmRule(config, weights);
    };
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
   * Per layer, the gate matrix in graph form: {@code [4H, in+H+1]}, rows [i, f, o, j], the last
   * column the bias with the forget bias added.
   */
  protected List<Operand<TFloat32>> gateMatrices(Ops tf, Map<String, Operand<TFloat32>> w) {
    int h = config.hidden();
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int l = 1; l <= config.layers(); l++) {
      List<Operand<TFloat32>> cols = new ArrayList<>();
      tf.split(tf.constant(1), w.get("lstm" + l + "/w"), 4L).forEach(cols::add);
      List<Operand<TFloat32>> bias = new ArrayList<>();
      tf.split(tf.constant(0), w.get("lstm" + l + "/b"), 4L).forEach(bias::add);
      // Sonnet's order is [i, j, f, o]; the graph wants [i, f, o, j].
      Operand<TFloat32> wt =
          tf.linalg.transpose(
              tf.concat(List.of(cols.get(0), cols.get(2), cols.get(3), cols.get(1)), tf.constant(1)),
              tf.constant(new int[] {1, 0}));
      Operand<TFloat32> b =
          tf.concat(
              List.of(
                  bias.get(0),
                  tf.math.add(bias.get(2), tf.constant(FORGET_BIAS)),
                  bias.get(3),
                  bias.get(1)),
              tf.constant(0));
      out.add(
          tf.concat(List.of(wt, tf.reshape(b, tf.constant(new long[] {4L * h, 1}))), tf.constant(1)));
    }
    return out;
  }

  /**
   * Runs the LSTM stack on {@code x [in, N]} from {@code state} (h1, c1, h2, c2, ...; the first
   * {@code 2 * layers} entries, each {@code [H, N]}), appending the new h/c to {@code next};
   * returns the top h. {@code ones} is a {@code [1, N]} row of ones.
   */
  protected Operand<TFloat32> lstm(
      Ops tf,
      List<Operand<TFloat32>> gates,
      Operand<TFloat32> x,
      Operand<TFloat32> ones,
      List<Operand<TFloat32>> state,
      List<Operand<TFloat32>> next) {
    Operand<TFloat32> in = x;
    for (int l = 1; l <= config.layers(); l++) {
      Operand<TFloat32> hPrev = state.get(2 * (l - 1));
      Operand<TFloat32> cPrev = state.get(2 * (l - 1) + 1);
      Operand<TFloat32> z =
          tf.linalg.matMul(gates.get(l - 1), tf.concat(List.of(in, hPrev, ones), tf.constant(0)));
      // Split first, then activate each gate: the forward pass costs the same (the split rows are
      // views), but the backward pass then joins the four gate gradients in one concat instead
      // of concatenating i, f, o and then [ifo, j] again.
      List<Operand<TFloat32>> gate = new ArrayList<>();
      tf.split(tf.constant(0), z, 4L).forEach(gate::add);
      Operand<TFloat32> i = tf.math.sigmoid(gate.get(0));
      Operand<TFloat32> f = tf.math.sigmoid(gate.get(1));
      Operand<TFloat32> o = tf.math.sigmoid(gate.get(2));
      Operand<TFloat32> j = tf.math.tanh(gate.get(3));
      Operand<TFloat32> c = tf.math.add(tf.math.mul(f, cPrev), tf.math.mul(i, j));
      Operand<TFloat32> hNew = tf.math.mul(tf.math.tanh(c), o);
      next.add(hNew);
      next.add(c);
      in = hNew;
    }
    return in;
  }

  /** {@code h [H, N]} through Linear(H -> 1), flattened to {@code [N]}. */
  protected Operand<TFloat32> linearOut(
      Ops tf, Map<String, Operand<TFloat32>> w, Operand<TFloat32> h) {
    // [H, 1] read as [1, H] is its transpose.
    Operand<TFloat32> row = tf.reshape(w.get("linear/w"), tf.constant(new long[] {1, -1}));
    Operand<TFloat32> y = tf.math.add(tf.linalg.matMul(row, h), w.get("linear/b"));
    return tf.reshape(y, tf.constant(new long[] {-1}));
  }

  /** A {@code [1, N]} row of ones for {@code grad [N]}: a constant when N is known statically. */
  protected static Operand<TFloat32> ones(Ops tf, Operand<TFloat32> grad) {
    Shape s = grad.shape();
    if (s.numDimensions() == 1 && s.size(0) > 0) {
      return tf.fill(tf.constant(new long[] {1, s.size(0)}), tf.constant(1f));
    }
    Operand<org.tensorflow.types.TInt64> n = tf.shape(grad, org.tensorflow.types.TInt64.class);
    return tf.fill(tf.concat(List.of(tf.constant(new long[] {1}), n), tf.constant(0)), tf.constant(1f));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + config + ", " + layout.size() + " weights]";
  }
}
