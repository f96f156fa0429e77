package org.l2o.engine.program;

import java.util.ArrayList;
import java.util.List;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.rule.CoordinateLayout;
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
import org.tensorflow.types.TFloat32;

/**
 * The imitation-learning chunk of the paper's L2O-DM-IL (authors' code): the learned optimizer,
 * with its own state, is fed a teacher's gradients g_1..g_K and must reproduce the teacher's
 * updates dx_1..dx_K. Loss = sum_k omega · 1/2 ||dx_k - delta_k||^2 / P (the paper's equation
 * (1) with every omega_k equal; Appendix A1.3 sets them to 1); the program returns it, its gradient
 * with respect to the learned weights and the new state.
 *
 * <p>Teacher trajectories come from a traced {@link RolloutProgram} running the analytical rule.
 */
public final class ImitationProgram {

  private final UpdateRule rule;
  private final List<StateSlot> slots;
  private final int params;
  private final int padded;
  private final CoordinateLayout layout;
  private final int steps;
  private final float omega;
  private final Placeholder<TFloat32> weightsIn;
  private final Placeholder<TFloat32> gradsIn;
  private final Placeholder<TFloat32> targetsIn;
  private final Placeholder<TFloat32> t0In;
  private final List<Placeholder<TFloat32>> stateIn = new ArrayList<>();
  private final Operand<TFloat32> lossOut;
  private final Operand<TFloat32> gradOut;
  private final List<Operand<TFloat32>> stateOut = new ArrayList<>();

  /** One run of {@code params} coordinates over {@code steps} teacher steps, omega = 1. */
  public ImitationProgram(Ops tf, UpdateRule rule, int params, int steps) {
    this(tf, rule, params, steps, 1f);
  }

  /** As above with every step's term weighted by {@code omega} ({@code il_weight}). */
  public ImitationProgram(Ops tf, UpdateRule rule, int params, int steps, float omega) {
    this(tf, rule, new int[] {params}, steps, omega);
  }

  /**
   * One run of an optimizee whose parameters form tensors of {@code tensorSizes} (which rules with
   * per-tensor state need), over {@code steps} teacher steps, every term weighted by {@code
   * omega}.
   */
  public ImitationProgram(Ops tf, UpdateRule rule, int[] tensorSizes, int steps, float omega) {
    int params = java.util.Arrays.stream(tensorSizes).sum();
    if (params < 1 || steps < 1) {
      throw new IllegalArgumentException(
          "imitation needs params >= 1 and steps >= 1, got params=" + params + ", steps=" + steps);
    }
    if (!(omega >= 0) || !Float.isFinite(omega)) {
      throw new IllegalArgumentException(
          "imitation weight omega must be a finite number >= 0, got " + omega);
    }
    this.omega = omega;
    this.rule = rule;
    this.slots = rule.stateSlots();
    this.params = params;
    this.padded = rule.tensorAware() ? params : RolloutProgram.pad(params);
    this.layout = new CoordinateLayout(1, tensorSizes, padded);
    this.steps = steps;
    // No sub-scopes inside the program: each would walk the whole graph (see RolloutProgram).
    Ops in = tf;
    weightsIn =
        in.withName("in_weights")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(rule.parameters().length)));
    gradsIn =
        in.withName("in_teacher_gradients")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(steps, params)));
    targetsIn =
        in.withName("in_teacher_updates")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(steps, params)));
    t0In = in.withName("in_t0").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    for (StateSlot s : slots) {
      stateIn.add(
          in.withName("in_state_" + s.name())
              .placeholder(
                  TFloat32.class, Placeholder.shape(Shape.of(s.width(), layout.columns(s.scope())))));
    }
    List<Operand<TFloat32>> stepWeights = new ArrayList<>();
    List<Operand<TFloat32>> g = new ArrayList<>();
    tf.unstack(gradsIn, (long) steps).forEach(g::add);
    List<Operand<TFloat32>> target = new ArrayList<>();
    tf.unstack(targetsIn, (long) steps).forEach(target::add);
    List<Operand<TFloat32>> state = new ArrayList<>(stateIn);
    List<Operand<TFloat32>> terms = new ArrayList<>();
    Ops stepScope = tf;
    for (int k = 0; k < steps; k++) {
      Ops st = stepScope;
      // Each step reads its own copy of the weights, so that TF's gradient builder never sums
      // the steps' contributions itself: it orders such sums by the memory addresses of graph
      // edges, which differ between two builds of one graph, and the last bits then differ from
      // session to session. The copies' gradients are summed below, in step order.
      Operand<TFloat32> weights = st.withName("step_weights").identity(weightsIn);
      stepWeights.add(weights);
      StepFunction fn = rule.bind(st, weights, layout);
      Operand<TFloat32> grad = g.get(k);
      if (padded > params) {
        grad = st.concat(List.of(grad, st.constant(new float[padded - params])), st.constant(0));
      }
      Update u = fn.step(st, grad, state, st.math.add(t0In, st.constant((float) k)));
      Operand<TFloat32> delta = u.delta();
      if (padded > params) {
        delta = st.slice(delta, st.constant(new int[] {0}), st.constant(new int[] {params}));
      }
      Operand<TFloat32> diff = st.math.sub(target.get(k), delta);
      terms.add(st.reduceSum(st.math.square(diff), st.constant(0)));
      state = u.state();
    }
    Ops out = tf;
    lossOut =
        out.withName("out_loss")
            .math.mul(out.math.addN(terms), out.constant(omega * 0.5f / params));
    var perStep = out.gradients(lossOut, stepWeights);
    Operand<TFloat32> sum = perStep.dy(0);
    for (int k = 1; k < steps; k++) {
      sum = out.math.add(sum, perStep.<TFloat32>dy(k));
    }
    gradOut = out.withName("gradient").identity(sum);
    for (int i = 0; i < state.size(); i++) {
      stateOut.add(out.withName("out_state_" + slots.get(i).name()).identity(state.get(i)));
    }
  }

  /** The loss, its gradient with respect to the weights, and the new state. */
  public record Step(float loss, float[] gradient, float[][] state) {}

  /**
   * One chunk: {@code gradients} and {@code updates} are the teacher's {@code [K, P]}; {@code t0}
   * is the 1-based step number of the first.
   */
  public Step run(
      Session session,
      float[] weights,
      float[] gradients,
      float[] updates,
      float[][] state,
      int t0) {
    try (Feeds f = new Feeds(session)) {
      f.floats(weightsIn, weights, weights.length)
          .floats(gradsIn, gradients, steps, params)
          .floats(targetsIn, updates, steps, params)
          .scalar(t0In, t0);
      for (int i = 0; i < slots.size(); i++) {
        f.floats(stateIn.get(i), state[i], slots.get(i).width(),
            layout.columns(slots.get(i).scope()));
      }
      f.fetch(lossOut).fetch(gradOut);
      stateOut.forEach(f::fetch);
      try (Result r = f.run()) {
        float loss = Tensors.toFloats(r.get(0))[0];
        float[] grad = Tensors.toFloats(r.get(1));
        float[][] next = new float[slots.size()][];
        for (int i = 0; i < next.length; i++) {
          next[i] = Tensors.toFloats(r.get(2 + i));
        }
        return new Step(loss, grad, next);
      }
    }
  }

  /** Teacher steps per chunk. */
  public int steps() {
    return steps;
  }

  /** Fresh state for one run (run seed 0). */
  public float[][] initialState() {
    return initialState(0L);
  }

  /** Fresh state for one run whose random parts (if the rule has any) come from {@code seed}. */
  public float[][] initialState(long seed) {
    return rule.initialState(layout, new long[] {seed});
  }

  @Override
  public String toString() {
    return "ImitationProgram[" + rule.structureKey() + ", params=" + params + ", steps=" + steps
        + ", omega=" + omega + "]";
  }
}
