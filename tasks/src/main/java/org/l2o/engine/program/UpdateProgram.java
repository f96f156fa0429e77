package org.l2o.engine.program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.rule.CoordinateLayout;
import org.l2o.engine.rule.StateSlot;
import org.l2o.engine.rule.StepFunction;
import org.l2o.engine.rule.Update;
import org.l2o.engine.rule.UpdateRule;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * One rule step on given gradients, for any number of coordinates, with the rule's parameters
 * baked in as constants: the inference graph that {@code saved_model/} holds, and a direct way to
 * ask an optimizer what it would do with a gradient.
 *
 * <p>Signature: inputs {@code gradient [N]}, {@code step} (float scalar, 1-based) and
 * {@code state_<slot> [width, N]}; outputs {@code update [N]} and {@code state_<slot>}.
 */
public final class UpdateProgram implements AutoCloseable {

  /** The signature key of the exported step function. */
  public static final String SIGNATURE_KEY = "serving_default";

  private final Graph graph;
  private final Session session;
  private final UpdateRule rule;
  private final int[] tensorSizes;
  private final List<StateSlot> slots;
  private final Placeholder<TFloat32> gradIn;
  private final Placeholder<TFloat32> stepIn;
  private final List<Placeholder<TFloat32>> stateIn = new ArrayList<>();
  private final Operand<TFloat32> updateOut;
  private final List<Operand<TFloat32>> stateOut = new ArrayList<>();
  private final Signature signature;

  /** The step of a coordinatewise rule, for any number of coordinates. */
  public UpdateProgram(UpdateRule rule, int threads) {
    this(rule, threads, null);
  }

  /**
   * The step of {@code rule} for one run whose parameters form tensors of {@code tensorSizes}, in
   * order: rules with per-tensor state need them (their signature then has a fixed gradient
   * length); null for a coordinatewise rule on any number of coordinates.
   */
  public UpdateProgram(UpdateRule rule, int threads, int[] tensorSizes) {
    if (rule.tensorAware() && tensorSizes == null) {
      throw new IllegalArgumentException(
          rule.structureKey() + " keeps per-tensor state: give the optimizee's tensor sizes");
    }
    this.rule = rule;
    this.tensorSizes = tensorSizes == null ? null : tensorSizes.clone();
    this.slots = rule.stateSlots();
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      CoordinateLayout layout =
          tensorSizes == null ? null : CoordinateLayout.of(1, tensorSizes);
      long n = layout == null ? -1 : layout.coordinates();
      gradIn = tf.withName("gradient").placeholder(TFloat32.class, Placeholder.shape(Shape.of(n)));
      stepIn = tf.withName("step").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      for (StateSlot s : slots) {
        long cols = layout == null ? -1 : layout.columns(s.scope());
        stateIn.add(
            tf.withName("state_" + s.name())
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(s.width(), cols))));
      }
      float[] p = rule.parameters();
      Operand<TFloat32> params = tf.withName("parameters").constant(p);
      StepFunction fn =
          layout == null
              ? rule.bind(tf.withSubScope("rule"), params)
              : rule.bind(tf.withSubScope("rule"), params, layout);
      Update u = fn.step(tf.withSubScope("step_fn"), gradIn, new ArrayList<>(stateIn), stepIn);
      updateOut = tf.withName("update").identity(u.delta());
      for (int i = 0; i < slots.size(); i++) {
        stateOut.add(tf.withName("new_state_" + slots.get(i).name()).identity(u.state().get(i)));
      }
      Signature.Builder sig =
          Signature.builder().key(SIGNATURE_KEY).input("gradient", gradIn).input("step", stepIn);
      for (int i = 0; i < slots.size(); i++) {
        sig.input("state_" + slots.get(i).name(), stateIn.get(i));
      }
      sig.output("update", updateOut);
      for (int i = 0; i < slots.size(); i++) {
        sig.output("state_" + slots.get(i).name(), stateOut.get(i));
      }
      signature = sig.build();
      session = Sessions.open(graph, threads);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The update and new state for {@code grad} at step {@code t}: element 0 is the update. */
  public float[][] step(float[] grad, float[][] state, int t) {
    int n = grad.length;
    try (Feeds f = new Feeds(session)) {
      f.floats(gradIn, grad, n).scalar(stepIn, t);
      CoordinateLayout layout = layout(n);
      for (int i = 0; i < slots.size(); i++) {
        f.floats(stateIn.get(i), state[i], slots.get(i).width(),
            layout.columns(slots.get(i).scope()));
      }
      f.fetch(updateOut);
      stateOut.forEach(f::fetch);
      try (Result r = f.run()) {
        float[][] out = new float[1 + slots.size()][];
        for (int i = 0; i < out.length; i++) {
          out[i] = Tensors.toFloats(r.get(i));
        }
        return out;
      }
    }
  }

  /** Fresh state for {@code n} coordinates (run seed 0). */
  public float[][] initialState(int n) {
    return rule.initialState(layout(n), new long[1]);
  }

  private CoordinateLayout layout(int n) {
    if (tensorSizes == null) {
      return CoordinateLayout.flat(n);
    }
    CoordinateLayout l = CoordinateLayout.of(1, tensorSizes);
    if (l.coordinates() != n) {
      throw new IllegalArgumentException(
          "this step was built for " + l.coordinates() + " coordinates " + l + ", got " + n);
    }
    return l;
  }

  public List<StateSlot> slots() {
    return slots;
  }

  Session session() {
    return session;
  }

  Signature signature() {
    return signature;
  }

  /** Input names of the signature in order: gradient, step, then the state slots. */
  public Map<String, Integer> stateWidths() {
    Map<String, Integer> m = new LinkedHashMap<>();
    slots.forEach(s -> m.put("state_" + s.name(), s.width()));
    return m;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
