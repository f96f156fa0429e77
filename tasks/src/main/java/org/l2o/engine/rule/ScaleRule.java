package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.problem.RunSeeds;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * L2O-Scale (Wichrowska et al. 2017), the hierarchical RNN optimizer, in the configuration the
 * authors of the paper ran ({@code hierarchical_rnn.py} of their L2O-Scale training fork with
 * their {@code metarun.py} flags): BiasGRU cells at three levels of 10, 20 and 20 units.
 *
 * <p>Per optimizer step, for every tensor of every run (all at once, coordinates feature-major):
 *
 * <ol>
 *   <li><b>Features</b> (12 per scalar): input decays d_1 = beta_in, d_{i+1} = sqrt(d_i); momenta
 *       m_i = (1-d_i) g + d_i m_i; second moments v_i = (1-rho)(m_i^2 + 1e-12) + rho v_i with one
 *       learned decay rho = beta_sc (0 for a tensor and scale whose v_i are all exactly 0);
 *       s_i = asinh(m_i / sqrt(v_i + 1e-16)); products s_1 s_2, s_2 s_3, s_3 s_4; q_i = ln(v_i +
 *       1e-16) minus their mean over i; the log learning rate minus its mean over the whole run.
 *       Order: [s_1..4, products, q_1..4, relative log-LR].
 *   <li><b>Level 0</b> (per parameter, 10 units): GRU of [features, h], with the injected bias
 *       P(L) + Q(G) of the old per-tensor state L and old global state G.
 *   <li><b>Level 1</b> (per tensor, 20 units): GRU of the tensor's mean of [h', features], with
 *       the injected bias R(G).
 *   <li><b>Outputs</b>: direction h' w_upd + s w_g, divided by its RMS over the tensor; next decays
 *       sigmoid(h' w + b); log-LR step l + h' w_l + b_l clipped to [-33, 33] straight-through,
 *       smoothed into the state with momentum sigmoid(kappa); step size exp(l_step + o);
 *       theta <- theta - step size x normalised direction.
 *   <li><b>Level 2</b> (global, 20 units): GRU of the new level-1 state of the <i>last</i> tensor
 *       of the run (the authors' code passes the loop variable left over from the tensor loop,
 *       although its comment says "average"; replicated for fidelity).
 * </ol>
 *
 * <p>The BiasGRU: [r | u] = sigmoid([x, h] W_g + c_g + beta_ru), c = tanh([x, r h] W_c + c_c +
 * beta_c), h' = u h + (1-u) c, the injected bias beta split [r | u | c]. Weights, their
 * initialisation and the 8,349-weight count follow the spec of the authors' code; {@link
 * #weightLayout()} lists them.
 *
 * <p>State: the per-coordinate slots h (10), m (4), ms (4), the two decays and the log-LR, then
 * the per-tensor L ({@link StateSlot.Scope#TENSOR}) and the global G ({@link
 * StateSlot.Scope#RUN}). The initial state comes from the weights' learned init vectors and a
 * seeded random log learning rate in [ln 1e-6, ln 1e-2) ({@link #initialState}); it is fed, so
 * the init vectors get no meta-gradient here (in the authors' training they get one only in the
 * first unroll of meta-iteration 0, which RMSProp at lr 1e-6 moves by at most 3.2e-6).
 */
public final class ScaleRule extends LearnedRule {

  public static final int PARAM_HIDDEN = 10;
  public static final int TENSOR_HIDDEN = 20;
  public static final int GLOBAL_HIDDEN = 20;
  /** Gradient timescales. */
  public static final int SCALES = 4;
  /** Per-parameter features: 4 scaled gradients, 3 products, 4 log-ms deviations, relative LR. */
  public static final int FEATURES = 12;

  public static final float MS_EPS = 1e-12f;
  public static final float RMS_EPS = 1e-16f;
  public static final float MAX_LOG_LR = 33f;
  public static final double MIN_INIT_LR = 1e-6;
  public static final double MAX_INIT_LR = 1e-2;

  /** {@code biasgrucell_scale}: GRU weights ~ N(0, (0.5/sqrt(fan-in))^2). */
  public static final double GRU_SCALE = 0.5;
  /** {@code biasgrucell_gate_bias_init}. */
  public static final double GATE_BIAS_INIT = 2.2;
  /** {@code hrnn_rnn_readout_scale}: readouts ~ N(0, (0.5/sqrt(10))^2). */
  public static final double READOUT_SCALE = 0.5;
  /** {@code hrnn_affine_scale}: the injected-bias maps P, Q, R. */
  public static final double AFFINE_SCALE = 0.5;
  /** {@code hrnn_default_decay_var_init}. */
  public static final double INP_DECAY_BIAS_INIT = 2.2;
  /** {@code scale_decay_bias_init}. */
  public static final double SCL_DECAY_BIAS_INIT = 3.2;
  /** {@code learning_rate_momentum_logit_init}. */
  public static final double LR_MOMENTUM_LOGIT_INIT = 3.2;
  public static final double STEPSIZE_OFFSET_INIT = -1.0;
  /** The gradient shortcut uses {@code affine}'s default scale 0.1 and mean 1/scales. */
  public static final double GRADS_TO_DELTA_SCALE = 0.1;

  /** MLP-orig's tensors (W1, b1, W2, b2): the layout of the exported inference step by default. */
  public static final int[] MLP_ORIG_TENSORS = {784 * 20, 20, 20 * 10, 10};

  private static final long LOG_LR_SALT = 0x5CA1EL;

  public ScaleRule(LearnedOptimizerConfig config, float[] weights) {
    super(config, weights);
    if (!config.isScale()) {
      throw new IllegalArgumentException("ScaleRule needs the scale architecture, got " + config);
    }
  }

  /** The weights of L2O-Scale, in order, with the authors' initialisation. */
  public static WeightLayout weightLayout() {
    int d0 = FEATURES + PARAM_HIDDEN;
    int d1 = PARAM_HIDDEN + FEATURES + TENSOR_HIDDEN;
    int d2 = TENSOR_HIDDEN + GLOBAL_HIDDEN;
    return WeightLayout.builder()
        .add("level0/gates/w", d0, 2 * PARAM_HIDDEN, false)
        .add("level0/gates/b", 1, 2 * PARAM_HIDDEN, true)
        .add("level0/candidate/w", d0, PARAM_HIDDEN, false)
        .add("level0/candidate/b", 1, PARAM_HIDDEN, true)
        .add("level0/tensor_bias/w", TENSOR_HIDDEN, 3 * PARAM_HIDDEN, false)
        .add("level0/tensor_bias/b", 1, 3 * PARAM_HIDDEN, true)
        .add("level0/global_bias/w", GLOBAL_HIDDEN, 3 * PARAM_HIDDEN, false)
        .add("level0/global_bias/b", 1, 3 * PARAM_HIDDEN, true)
        .add("level1/gates/w", d1, 2 * TENSOR_HIDDEN, false)
        .add("level1/gates/b", 1, 2 * TENSOR_HIDDEN, true)
        .add("level1/candidate/w", d1, TENSOR_HIDDEN, false)
        .add("level1/candidate/b", 1, TENSOR_HIDDEN, true)
        .add("level1/global_bias/w", GLOBAL_HIDDEN, 3 * TENSOR_HIDDEN, false)
        .add("level1/global_bias/b", 1, 3 * TENSOR_HIDDEN, true)
        .add("level2/gates/w", d2, 2 * GLOBAL_HIDDEN, false)
        .add("level2/gates/b", 1, 2 * GLOBAL_HIDDEN, true)
        .add("level2/candidate/w", d2, GLOBAL_HIDDEN, false)
        .add("level2/candidate/b", 1, GLOBAL_HIDDEN, true)
        .add("level0/init", 1, PARAM_HIDDEN, false)
        .add("level1/init", 1, TENSOR_HIDDEN, false)
        .add("level2/init", 1, GLOBAL_HIDDEN, false)
        .add("grads_to_delta/w", SCALES, 1, false)
        .add("update/w", PARAM_HIDDEN, 1, false)
        .add("scl_decay/w", PARAM_HIDDEN, 1, false)
        .add("scl_decay/b", 1, 1, true)
        .add("inp_decay/w", PARAM_HIDDEN, 1, false)
        .add("inp_decay/b", 1, 1, true)
        .add("lr/w", PARAM_HIDDEN, 1, false)
        .add("lr/b", 1, 1, true)
        .add("lr_momentum_logit", 1, 1, true)
        .add("stepsize_offset", 1, 1, true)
        .build(ScaleRule::initialize);
  }

  /**
   * The authors' init (their {@code utils.affine}, {@code BiasGRUCell} and readouts): plain
   * normals, not truncated; drawn block by block in layout order.
   */
  private static void initialize(WeightLayout layout, float[] w, Random rng) {
    for (WeightLayout.Block b : layout.blocks()) {
      String n = b.name();
      double mean = 0;
      double sd;
      double constant = 0;
      if (n.endsWith("/init")) {
        for (int i = 0; i < b.size(); i++) {
          w[b.offset() + i] = (float) (-1 + 2 * rng.nextDouble());
        }
        continue;
      } else if (n.endsWith("gates/w") || n.endsWith("candidate/w")) {
        sd = GRU_SCALE / Math.sqrt(b.rows());
      } else if (n.endsWith("_bias/w")) {
        sd = AFFINE_SCALE / Math.sqrt(b.rows());
      } else if (n.equals("grads_to_delta/w")) {
        mean = 1.0 / SCALES;
        sd = GRADS_TO_DELTA_SCALE / Math.sqrt(b.rows());
      } else if (n.equals("update/w") || n.equals("scl_decay/w") || n.equals("inp_decay/w")) {
        sd = READOUT_SCALE / Math.sqrt(b.rows());
      } else {
        sd = 0;
        constant = switch (n) {
          case "level0/gates/b", "level1/gates/b", "level2/gates/b" -> GATE_BIAS_INIT;
          case "scl_decay/b" -> SCL_DECAY_BIAS_INIT;
          case "inp_decay/b" -> INP_DECAY_BIAS_INIT;
          case "lr_momentum_logit" -> LR_MOMENTUM_LOGIT_INIT;
          case "stepsize_offset" -> STEPSIZE_OFFSET_INIT;
          default -> 0.0; // candidate and bias-map biases, lr/w and lr/b (zero_init_lr_weights)
        };
      }
      for (int i = 0; i < b.size(); i++) {
        w[b.offset() + i] = (float) (sd > 0 ? mean + sd * rng.nextGaussian() : constant);
      }
    }
  }

  @Override
  public boolean tensorAware() {
    return true;
  }

  @Override
  public List<StateSlot> stateSlots() {
    return List.of(
        new StateSlot("h_param", PARAM_HIDDEN, 0f),
        new StateSlot("m", SCALES, 0f),
        new StateSlot("ms", SCALES, 0f),
        new StateSlot("scl_decay", 1, 0f),
        new StateSlot("inp_decay", 1, 0f),
        new StateSlot("log_lr", 1, 0f),
        new StateSlot("h_tensor", TENSOR_HIDDEN, 0f, StateSlot.Scope.TENSOR),
        new StateSlot("h_global", GLOBAL_HIDDEN, 0f, StateSlot.Scope.RUN));
  }

  /**
   * The state after a reset: the level states at their learned init vectors, decays and
   * accumulators at 0, and per run a log learning rate a + b with a ~ U[ln(1e-6)/2, ln(1e-2)/2)
   * per scalar and b from the same range once per tensor, clipped to [-33, 33] (the authors'
   * {@code _initialize_state}), drawn from the run's seed.
   */
  @Override
  public float[][] initialState(CoordinateLayout layout, long[] runSeeds) {
    if (runSeeds.length != layout.runs()) {
      throw new IllegalArgumentException(
          "need one seed per run: " + layout.runs() + " runs, got " + runSeeds.length + " seeds");
    }
    float[][] s = UpdateRule.constantState(stateSlots(), layout);
    float[] w = parameters();
    fillRows(s[0], w, this.layout.block("level0/init"));
    fillRows(s[6], w, this.layout.block("level1/init"));
    fillRows(s[7], w, this.layout.block("level2/init"));
    double lo = Math.log(MIN_INIT_LR) / 2;
    double hi = Math.log(MAX_INIT_LR) / 2;
    int p = layout.paramsPerRun();
    for (int r = 0; r < layout.runs(); r++) {
      Random rng = new Random(RunSeeds.mix(runSeeds[r], LOG_LR_SALT));
      int col = r * p;
      for (int size : layout.tensorSizes()) {
        double offset = lo + (hi - lo) * rng.nextDouble();
        for (int i = 0; i < size; i++) {
          double l = lo + (hi - lo) * rng.nextDouble() + offset;
          s[5][col++] = (float) Math.max(-MAX_LOG_LR, Math.min(MAX_LOG_LR, l));
        }
      }
    }
    return s;
  }

  /** Fills a feature-major {@code [width, columns]} array: row j with the init vector's entry j. */
  private static void fillRows(float[] state, float[] w, WeightLayout.Block init) {
    int width = init.size();
    int cols = state.length / width;
    for (int j = 0; j < width; j++) {
      java.util.Arrays.fill(state, j * cols, (j + 1) * cols, w[init.offset() + j]);
    }
  }

  @Override
  public StepFunction bind(Ops tf, Operand<TFloat32> params) {
    throw new IllegalStateException(
        "L2O-Scale keeps per-tensor state: bind it with the optimizee's CoordinateLayout");
  }

  @Override
  public StepFunction bind(Ops tf, Operand<TFloat32> params, CoordinateLayout coords) {
    // No sub-scope: each walks the whole graph (see RolloutProgram).
    Ops wt = tf;
    TensorSegments seg = new TensorSegments(wt, coords);
    Consts c = Consts.of(wt);
    Map<String, Operand<TFloat32>> w = layout.slice(wt, params);
    Cell l0 = new Cell(w, "level0", PARAM_HIDDEN);
    Cell l1 = new Cell(w, "level1", TENSOR_HIDDEN);
    Cell l2 = new Cell(w, "level2", GLOBAL_HIDDEN);
    // Level 0's own biases [gates | candidate] ride on its injected bias [r | u | c].
    Operand<TFloat32> bias0 = column(wt, c, wt.concat(
        List.of(w.get("level0/gates/b"), w.get("level0/candidate/b")), c.axis0));
    Operand<TFloat32> bias1 = column(wt, c, wt.concat(
        List.of(w.get("level1/gates/b"), w.get("level1/candidate/b")), c.axis0));
    Operand<TFloat32> gateBias2 = column(wt, c, l2.gateBias);
    Operand<TFloat32> candidateBias2 = column(wt, c, l2.candidateBias);
    // The four readouts of h' as one [10, 4] matrix: direction, scale decay, input decay, LR.
    Operand<TFloat32> heads = wt.concat(
        List.of(w.get("update/w"), w.get("scl_decay/w"), w.get("inp_decay/w"), w.get("lr/w")),
        wt.constant(1));
    Operand<TFloat32> headBias = column(wt, c, wt.concat(
        List.of(wt.constant(new float[] {0f}), w.get("scl_decay/b"), w.get("inp_decay/b"),
            w.get("lr/b")), c.axis0));
    Operand<TFloat32> lrMomentum = wt.math.sigmoid(w.get("lr_momentum_logit"));
    Operand<TFloat32> offset = w.get("stepsize_offset");
    return (ops, grad, state, t) -> {
      Operand<TFloat32> g = ops.reshape(grad, c.row);
      Operand<TFloat32> h = state.get(0);
      Operand<TFloat32> logLr = state.get(5);
      Operand<TFloat32> layer = state.get(6);
      Operand<TFloat32> global = state.get(7);

      Features f = features(ops, c, seg, g, state);
      Operand<TFloat32> x = f.x();
      Operand<TFloat32> s = f.scaled();

      // Level 0 with the old per-tensor and global states.
      Operand<TFloat32> injected0 =
          ops.math.add(
              ops.math.add(affine(ops, c, w, "level0/tensor_bias", layer),
                  seg.runToTensors(ops, affine(ops, c, w, "level0/global_bias", global))),
              bias0);
      List<Operand<TFloat32>> b0 = rows(ops, c, seg.toCoordinates(ops, injected0), c.split20x10);
      Operand<TFloat32> hNew = l0.step(ops, c, x, h, b0.get(0), b0.get(1));

      // Level 1: the tensor's mean of [h', x], biased by the old global state.
      Operand<TFloat32> z =
          ops.concat(List.of(seg.mean(ops, hNew), seg.mean(ops, x)), c.axis0);
      Operand<TFloat32> injected1 = ops.math.add(
          seg.runToTensors(ops, affine(ops, c, w, "level1/global_bias", global)), bias1);
      List<Operand<TFloat32>> b1 = rows(ops, c, injected1, c.split40x20);
      Operand<TFloat32> layerNew = l1.step(ops, c, z, layer, b1.get(0), b1.get(1));

      // Level 2: the last tensor's new level-1 state.
      Operand<TFloat32> globalNew =
          l2.step(ops, c, seg.lastTensor(ops, layerNew), global, gateBias2, candidateBias2);

      // Outputs.
      Operand<TFloat32> out =
          ops.math.add(ops.linalg.matMul(heads, hNew, MatMul.transposeA(true)), headBias);
      List<Operand<TFloat32>> o = new ArrayList<>();
      ops.split(c.axis0, out, 4L).forEach(o::add);
      Operand<TFloat32> direction =
          ops.math.add(o.get(0),
              ops.linalg.matMul(w.get("grads_to_delta/w"), s, MatMul.transposeA(true)));
      Operand<TFloat32> rms =
          ops.math.sqrt(ops.math.add(seg.mean(ops, ops.math.square(direction)), c.rmsEps));
      Operand<TFloat32> normalised = ops.math.div(direction, seg.toCoordinates(ops, rms));
      Operand<TFloat32> sclNew = ops.math.sigmoid(o.get(1));
      Operand<TFloat32> inpNew = ops.math.sigmoid(o.get(2));
      Operand<TFloat32> stepLr = ops.math.add(logLr, o.get(3));
      // Clipped forward, straight-through backward (the authors' stop_gradient trick).
      stepLr = ops.math.add(stepLr, ops.stopGradient(ops.math.sub(
          ops.clipByValue(stepLr, c.minLogLr, c.maxLogLr), stepLr)));
      Operand<TFloat32> logLrNew =
          ops.math.add(ops.math.mul(lrMomentum, logLr),
              ops.math.mul(ops.math.sub(c.one, lrMomentum), stepLr));
      Operand<TFloat32> stepSize = ops.math.exp(ops.math.add(stepLr, offset));
      Operand<TFloat32> delta =
          ops.math.neg(ops.reshape(ops.math.mul(stepSize, normalised), c.flat));
      return new Update(delta,
          List.of(hNew, f.m(), f.ms(), sclNew, inpNew, logLrNew, layerNew, globalNew));
    };
  }

  /**
   * The per-parameter inputs of one step and the updated accumulators.
   *
   * @param x the 12 features {@code [12, N]}
   * @param scaled s_1..4 {@code [4, N]}, also the gradient shortcut's input
   * @param m the new momenta {@code [4, N]}
   * @param ms the new second moments {@code [4, N]}
   */
  record Features(
      Operand<TFloat32> x, Operand<TFloat32> scaled, Operand<TFloat32> m, Operand<TFloat32> ms) {}

  /** The features of gradient {@code g [1, N]} given the old {@code state} (see the class doc). */
  static Features features(
      Ops ops, Consts c, TensorSegments seg, Operand<TFloat32> g, List<Operand<TFloat32>> state) {
    Operand<TFloat32> one = c.one;
    Operand<TFloat32> m = state.get(1);
    Operand<TFloat32> v = state.get(2);
    Operand<TFloat32> sclDecay = state.get(3);
    Operand<TFloat32> inpDecay = state.get(4);
    Operand<TFloat32> logLr = state.get(5);
    // Each accumulator on twice the timescale of the one before. Right after a reset the decays
    // are fed zeros, never computed ones, so sqrt's infinite slope at 0 never meets a gradient.
    Operand<TFloat32> d2 = ops.math.sqrt(inpDecay);
    Operand<TFloat32> d3 = ops.math.sqrt(d2);
    Operand<TFloat32> d4 = ops.math.sqrt(d3);
    Operand<TFloat32> d = ops.concat(List.of(inpDecay, d2, d3, d4), c.axis0);
    Operand<TFloat32> mNew =
        ops.math.add(ops.math.mul(ops.math.sub(one, d), g), ops.math.mul(d, m));
    // rho is 0 for a tensor and scale whose v is all 0 (a tf.cond in the authors' code; v >= 0,
    // so sign(max v) is the "any non-zero" indicator).
    Operand<TFloat32> anyNonZero =
        ops.stopGradient(ops.math.sign(seg.max(ops, ops.stopGradient(v))));
    Operand<TFloat32> rho = ops.math.mul(sclDecay, seg.toCoordinates(ops, anyNonZero));
    Operand<TFloat32> vNew =
        ops.math.add(
            ops.math.mul(ops.math.sub(one, rho),
                ops.math.add(ops.math.square(mNew), c.msEps)),
            ops.math.mul(rho, v));
    Operand<TFloat32> y =
        ops.math.div(mNew, ops.math.sqrt(ops.math.add(vNew, c.rmsEps)));
    Operand<TFloat32> s = asinh(ops, c, y);
    List<Operand<TFloat32>> first = rows(ops, c, s, c.split3x1);
    List<Operand<TFloat32>> last = rows(ops, c, s, c.split1x3);
    Operand<TFloat32> products = ops.math.mul(first.get(0), last.get(1));
    Operand<TFloat32> logMs = ops.math.log(ops.math.add(vNew, c.rmsEps));
    Operand<TFloat32> logMsDev =
        ops.math.sub(logMs, ops.math.mean(logMs, c.axis0, Mean.keepDims(true)));
    Operand<TFloat32> relLr = seg.minusRun(ops, logLr, seg.runMean(ops, logLr));
    Operand<TFloat32> x = ops.concat(List.of(s, products, logMsDev, relLr), c.axis0);
    return new Features(x, s, mNew, vNew);
  }

  /** asinh(y) = ln(y + sqrt(1 + y^2)), built as the authors' {@code utils.asinh}. */
  static Operand<TFloat32> asinh(Ops tf, Consts c, Operand<TFloat32> y) {
    return tf.math.log(tf.math.add(y, tf.math.sqrt(tf.math.add(c.one, tf.math.square(y)))));
  }

  /** {@code name/w^T x + name/b}: an injected-bias map of a state {@code [20, cols]}. */
  private static Operand<TFloat32> affine(
      Ops tf, Consts c, Map<String, Operand<TFloat32>> w, String name, Operand<TFloat32> x) {
    return tf.math.add(
        tf.linalg.matMul(w.get(name + "/w"), x, MatMul.transposeA(true)),
        column(tf, c, w.get(name + "/b")));
  }

  /** A vector as a {@code [n, 1]} column, to broadcast over columns. */
  private static Operand<TFloat32> column(Ops tf, Consts c, Operand<TFloat32> v) {
    return tf.reshape(v, c.column);
  }

  /** The rows of {@code x} cut in two by {@code sizes}. */
  private static List<Operand<TFloat32>> rows(
      Ops tf, Consts c, Operand<TFloat32> x, Operand<TInt32> sizes) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    tf.splitV(x, sizes, c.axis0, 2L).forEach(out::add);
    return out;
  }

  /**
   * The step's constants, made once per bind: a 20-step unroll would otherwise carry hundreds
   * of Const ops, each scheduled on every run.
   */
  record Consts(
      Operand<TFloat32> one,
      Operand<TFloat32> msEps,
      Operand<TFloat32> rmsEps,
      Operand<TFloat32> minLogLr,
      Operand<TFloat32> maxLogLr,
      Operand<TInt32> axis0,
      Operand<TInt64> row,
      Operand<TInt64> flat,
      Operand<TInt64> column,
      Operand<TInt32> split3x1,
      Operand<TInt32> split1x3,
      Operand<TInt32> split20x10,
      Operand<TInt32> split40x20) {

    static Consts of(Ops tf) {
      return new Consts(
          tf.constant(1f),
          tf.constant(MS_EPS),
          tf.constant(RMS_EPS),
          tf.constant(-MAX_LOG_LR),
          tf.constant(MAX_LOG_LR),
          tf.constant(0),
          tf.constant(new long[] {1, -1}),
          tf.constant(new long[] {-1}),
          tf.constant(new long[] {-1, 1}),
          tf.constant(new int[] {3, 1}),
          tf.constant(new int[] {1, 3}),
          tf.constant(new int[] {2 * PARAM_HIDDEN, PARAM_HIDDEN}),
          tf.constant(new int[] {2 * TENSOR_HIDDEN, TENSOR_HIDDEN}));
    }
  }

  /** One BiasGRU cell's weights, feature-major. */
  private static final class Cell {
    final Operand<TFloat32> gates;
    final Operand<TFloat32> candidate;
    final Operand<TFloat32> gateBias;
    final Operand<TFloat32> candidateBias;
    final int hidden;

    Cell(Map<String, Operand<TFloat32>> w, String level, int hidden) {
      this.gates = w.get(level + "/gates/w");
      this.candidate = w.get(level + "/candidate/w");
      this.gateBias = w.get(level + "/gates/b");
      this.candidateBias = w.get(level + "/candidate/b");
      this.hidden = hidden;
    }

    /**
     * h' from input {@code x [d, cols]} and state {@code h [H, cols]}; {@code biasRu} and
     * {@code biasC} (the cell's own biases plus any injected one, broadcastable to {@code [2H,
     * cols]} and {@code [H, cols]}) are added to the gate and candidate pre-activations.
     */
    Operand<TFloat32> step(
        Ops tf, Consts k, Operand<TFloat32> x, Operand<TFloat32> h, Operand<TFloat32> biasRu,
        Operand<TFloat32> biasC) {
      Operand<TFloat32> pre =
          tf.math.add(
              tf.linalg.matMul(gates, tf.concat(List.of(x, h), k.axis0), MatMul.transposeA(true)),
              biasRu);
      List<Operand<TFloat32>> ru = new ArrayList<>();
      tf.split(k.axis0, pre, 2L).forEach(ru::add);
      Operand<TFloat32> r = tf.math.sigmoid(ru.get(0));
      Operand<TFloat32> u = tf.math.sigmoid(ru.get(1));
      Operand<TFloat32> c =
          tf.math.tanh(
              tf.math.add(
                  tf.linalg.matMul(candidate,
                      tf.concat(List.of(x, tf.math.mul(r, h)), k.axis0),
                      MatMul.transposeA(true)),
                  biasC));
      return tf.math.add(tf.math.mul(u, h), tf.math.mul(tf.math.sub(k.one, u), c));
    }
  }
}
