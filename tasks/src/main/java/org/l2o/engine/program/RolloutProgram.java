package org.l2o.engine.program;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.rule.StateSlot;
import org.l2o.engine.rule.StepFunction;
import org.l2o.engine.rule.Update;
import org.l2o.engine.rule.UpdateRule;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * K optimizee steps of S parallel runs, unrolled in one graph so that one {@code session.run}
 * does them all (the While op has no gradient, and per-step calls would cost a Java-native round
 * trip each).
 *
 * <p>Step k: loss L_k = f(x_k; batch k), g_k = stopGradient(dL_k/dx_k), (delta, state) =
 * rule(g_k, state, t0+k), x_{k+1} = x_k + delta. With {@code metaGradient}, the program also
 * returns d(sum_{k=1..K} sum_s L_k)/d(params): truncated BPTT through the updates, with second
 * derivatives dropped by the stop-gradient, as L2O-DM trains.
 */
public final class RolloutProgram {

  private final Optimizee problem;
  private final UpdateRule rule;
  private final List<StateSlot> slots;
  private final int seeds;
  private final int steps;
  private final int params;
  private final int coords;
  private final int padded;

  private final Placeholder<TFloat32> paramsIn;
  private final Placeholder<TFloat32> thetaIn;
  private final List<Placeholder<TFloat32>> stateIn = new ArrayList<>();
  private final Placeholder<TFloat32> t0In;
  private final Placeholder<TInt32> batchesIn;
  private final Placeholder<TFloat32> instanceIn;

  private final Operand<TFloat32> lossesOut;
  private final Operand<TFloat32> thetaOut;
  private final List<Operand<TFloat32>> stateOut;
  private final Operand<TFloat32> metaGradOut;
  private final Operand<TFloat32> gradsOut;
  private final Operand<TFloat32> deltasOut;

  /**
   * Builds the rollout into the graph of {@code tf}. {@code rule} fixes the structure; its
   * parameters are fed per call.
   */
  public RolloutProgram(
      Ops tf, ProblemGraph graph, UpdateRule rule, int seeds, int steps, boolean metaGradient) {
    this(tf, graph, rule, seeds, steps, metaGradient, false);
  }

  /**
   * As above; with {@code trace} the program also returns every step's gradient and update
   * ({@code [K, S, P]} each): the teacher trajectories of imitation learning.
   */
  public RolloutProgram(
      Ops tf,
      ProblemGraph graph,
      UpdateRule rule,
      int seeds,
      int steps,
      boolean metaGradient,
      boolean trace) {
    if (seeds < 1 || steps < 1) {
      throw new IllegalArgumentException(
          "a rollout needs seeds >= 1 and steps >= 1, got seeds=" + seeds + ", steps=" + steps);
    }
    this.problem = graph.problem();
    this.rule = rule;
    this.slots = rule.stateSlots();
    this.seeds = seeds;
    this.steps = steps;
    this.params = problem.paramCount();
    this.coords = Math.multiplyExact(seeds, params);
    this.padded = pad(coords);
    Ops in = tf.withSubScope("inputs");
    int nParams = rule.parameters().length;
    paramsIn =
        in.withName("params").placeholder(TFloat32.class, Placeholder.shape(Shape.of(nParams)));
    thetaIn =
        in.withName("theta").placeholder(TFloat32.class, Placeholder.shape(Shape.of(seeds, params)));
    for (StateSlot s : slots) {
      stateIn.add(
          in.withName("state_" + s.name())
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(s.width(), padded))));
    }
    t0In = in.withName("t0").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    int b = problem.batchSize();
    batchesIn =
        problem.data() == null
            ? null
            : in.withName("batches")
                .placeholder(TInt32.class, Placeholder.shape(Shape.of(steps + 1, seeds, b)));
    instanceIn =
        problem.instanceSize() == 0
            ? null
            : in.withName("instance")
                .placeholder(
                    TFloat32.class, Placeholder.shape(Shape.of(seeds, problem.instanceSize())));

    StepFunction fn = rule.bind(tf.withSubScope("rule"), paramsIn);
    List<Operand<TInt32>> batch = new ArrayList<>();
    if (batchesIn != null) {
      tf.unstack(batchesIn, (long) steps + 1).forEach(batch::add);
    }
    Operand<TFloat32> x = thetaIn;
    List<Operand<TFloat32>> state = new ArrayList<>(stateIn);
    List<Operand<TFloat32>> losses = new ArrayList<>();
    List<Operand<TFloat32>> grads = new ArrayList<>();
    List<Operand<TFloat32>> deltas = new ArrayList<>();
    for (int k = 0; k <= steps; k++) {
      Ops st = tf.withSubScope("step" + k);
      Operand<TFloat32> loss =
          graph.losses(
              st, x, seeds, batch.isEmpty() ? null : batch.get(k), instanceIn, TFloat32.class);
      losses.add(loss);
      if (k == steps) {
        break;
      }
      Operand<TFloat32> total = st.reduceSum(loss, st.constant(0));
      Operand<TFloat32> g = st.gradients(total, List.of(x)).dy(0);
      Operand<TFloat32> flat = st.stopGradient(st.reshape(g, st.constant(new long[] {coords})));
      if (padded > coords) {
        flat = st.concat(List.of(flat, st.constant(new float[padded - coords])), st.constant(0));
      }
      Update u = fn.step(st, flat, state, st.math.add(t0In, st.constant((float) k)));
      Operand<TFloat32> delta = u.delta();
      if (padded > coords) {
        delta = st.slice(delta, st.constant(new int[] {0}), st.constant(new int[] {coords}));
      }
      Operand<TFloat32> step = st.reshape(delta, st.constant(new long[] {seeds, params}));
      x = st.math.add(x, step);
      grads.add(g);
      deltas.add(step);
      state = u.state();
    }
    Ops out = tf.withSubScope("outputs");
    lossesOut = out.withName("losses").stack(losses);
    thetaOut = out.withName("theta").identity(x);
    stateOut = new ArrayList<>();
    for (int i = 0; i < state.size(); i++) {
      stateOut.add(out.withName("state_" + slots.get(i).name()).identity(state.get(i)));
    }
    if (trace) {
      gradsOut = out.withName("gradients").stack(grads);
      deltasOut = out.withName("deltas").stack(deltas);
    } else {
      gradsOut = null;
      deltasOut = null;
    }
    if (metaGradient) {
      Operand<TFloat32> meta =
          out.withName("meta_loss")
              .reduceSum(out.stack(losses.subList(1, losses.size())), out.constant(new int[] {0, 1}));
      metaGradOut = out.gradients(meta, List.of(paramsIn)).dy(0);
    } else {
      metaGradOut = null;
    }
  }

  /** Runs the K steps; see {@link RolloutInput} for the layout of the inputs. */
  public Rollout run(Session session, RolloutInput input) {
    try (Feeds f = feed(session, input)) {
      try (Result r = f.run()) {
        return collect(r);
      }
    }
  }

  /**
   * Runs the K steps with a full trace and returns the time spent per op type (ms, summed over
   * ops; with {@code byNode}, per op), largest first: where the time of a rollout goes.
   */
  public Map<String, Double> profile(Session session, RolloutInput input, boolean byNode) {
    Map<String, String> typeOf = new HashMap<>();
    session.graph().operations().forEachRemaining(op -> typeOf.put(op.name(), op.type()));
    Map<String, Double> times = new HashMap<>();
    try (Feeds f = feed(session, input)) {
      f.options(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
      try (Result r = f.runWithMetadata()) {
        RunMetadata meta =
            r.getMetadata()
                .orElseThrow(() -> new IllegalStateException("TF returned no run metadata"));
        for (var dev : meta.getStepStats().getDevStatsList()) {
          for (var node : dev.getNodeStatsList()) {
            String type = typeOf.getOrDefault(node.getNodeName(), "?");
            String key = byNode ? type + " " + node.getNodeName() : type;
            times.merge(key, node.getAllEndRelMicros() / 1000.0, Double::sum);
          }
        }
      }
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    times.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private Feeds feed(Session session, RolloutInput input) {
    Feeds f = new Feeds(session);
    try {
      f.floats(paramsIn, input.params(), input.params().length);
      f.floats(thetaIn, input.theta(), seeds, params);
      for (int i = 0; i < slots.size(); i++) {
        f.floats(stateIn.get(i), input.state()[i], slots.get(i).width(), padded);
      }
      f.scalar(t0In, input.t0());
      if (batchesIn != null) {
        f.ints(batchesIn, input.batches(), steps + 1, seeds, problem.batchSize());
      }
      if (instanceIn != null) {
        f.floats(instanceIn, input.instance(), seeds, problem.instanceSize());
      }
      f.fetch(lossesOut).fetch(thetaOut);
      stateOut.forEach(f::fetch);
      if (metaGradOut != null) {
        f.fetch(metaGradOut);
      }
      if (gradsOut != null) {
        f.fetch(gradsOut).fetch(deltasOut);
      }
      return f;
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private Rollout collect(Result r) {
    float[] losses = Tensors.toFloats(r.get(0));
    float[] theta = Tensors.toFloats(r.get(1));
    float[][] state = new float[slots.size()][];
    for (int i = 0; i < state.length; i++) {
      state[i] = Tensors.toFloats(r.get(2 + i));
    }
    int next = 2 + state.length;
    float[] meta = metaGradOut == null ? null : Tensors.toFloats(r.get(next++));
    float[] grads = gradsOut == null ? null : Tensors.toFloats(r.get(next++));
    float[] deltas = gradsOut == null ? null : Tensors.toFloats(r.get(next));
    return new Rollout(losses, theta, state, meta, grads, deltas);
  }

  /** Fresh state arrays for S runs, each slot at its initial value. */
  public float[][] initialState() {
    float[][] s = new float[slots.size()][];
    for (int i = 0; i < s.length; i++) {
      s[i] = new float[padded * slots.get(i).width()];
      java.util.Arrays.fill(s[i], slots.get(i).initial());
    }
    return s;
  }

  /**
   * Coordinates the rule sees: seeds x params rounded up to a multiple of 16, so that each state
   * row is 64-byte aligned and TF can split rows without copying. Padding coordinates get a zero
   * gradient and their updates are dropped.
   */
  public int coordinates() {
    return padded;
  }

  static int pad(int n) {
    return (n + 15) / 16 * 16;
  }

  public int seeds() {
    return seeds;
  }

  public int steps() {
    return steps;
  }

  public List<StateSlot> slots() {
    return slots;
  }

  public UpdateRule rule() {
    return rule;
  }

  @Override
  public String toString() {
    return "RolloutProgram[" + problem.name() + ", " + rule.structureKey() + ", seeds=" + seeds
        + ", steps=" + steps + ", meta=" + (metaGradOut != null) + "]";
  }
}
