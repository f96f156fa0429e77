package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.List;
import org.l2o.engine.AnalyticalSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The analytical optimizers of {@link AnalyticalSpec} as graph pieces. The learning rate and
 * hyperparameters are the fed parameter vector, so one graph per optimizer kind serves a whole
 * learning-rate grid.
 */
public final class AnalyticalRule implements UpdateRule {

  private final AnalyticalSpec spec;

  public AnalyticalRule(AnalyticalSpec spec) {
    this.spec = spec;
  }

  public AnalyticalSpec spec() {
    return spec;
  }

  @Override
  public String structureKey() {
    return "analytical:" + spec.name();
  }

  @Override
  public float[] parameters() {
    return switch (spec.name()) {
      case "sgd" -> new float[] {(float) spec.lr()};
      case "adam" ->
          new float[] {
            (float) spec.lr(),
            (float) spec.get("beta1"),
            (float) spec.get("beta2"),
            (float) spec.get("eps")
          };
      case "rmsprop" ->
          new float[] {
            (float) spec.lr(),
            (float) spec.get("decay"),
            (float) spec.get("momentum"),
            (float) spec.get("eps")
          };
      case "adagrad" -> new float[] {(float) spec.lr(), (float) spec.get("eps")};
      case "nag" -> new float[] {(float) spec.lr(), (float) spec.get("momentum")};
      default -> throw new IllegalStateException("no parameters for optimizer " + spec.name());
    };
  }

  @Override
  public List<StateSlot> stateSlots() {
    return switch (spec.name()) {
      case "sgd" -> List.of();
      case "adam" -> List.of(new StateSlot("m", 1, 0f), new StateSlot("v", 1, 0f));
      case "rmsprop" ->
          List.of(
              new StateSlot("ms", 1, (float) spec.get("initial_ms")),
              new StateSlot("mom", 1, 0f));
      case "adagrad" ->
          List.of(new StateSlot("accumulator", 1, (float) spec.get("initial_accumulator")));
      case "nag" -> List.of(new StateSlot("accumulator", 1, 0f));
      default -> throw new IllegalStateException("no state for optimizer " + spec.name());
    };
  }

  @Override
  public StepFunction bind(Ops tf, Operand<TFloat32> params) {
    int n = parameters().length;
    List<Operand<TFloat32>> p = new ArrayList<>();
    tf.unstack(params, (long) n).forEach(p::add);
    String kind = spec.name();
    return (ops, grad, state, t) -> {
      Operand<TFloat32> g = ops.reshape(grad, ops.constant(new long[] {1, -1}));
      Operand<TFloat32> lr = p.get(0);
      Operand<TFloat32> one = ops.constant(1f);
      Operand<TFloat32> step;
      List<Operand<TFloat32>> next = new ArrayList<>();
      switch (kind) {
        case "sgd" -> step = ops.math.mul(lr, g);
        case "adam" -> {
          Operand<TFloat32> b1 = p.get(1);
          Operand<TFloat32> b2 = p.get(2);
          Operand<TFloat32> eps = p.get(3);
          Operand<TFloat32> m =
              ops.math.add(ops.math.mul(b1, state.get(0)), ops.math.mul(ops.math.sub(one, b1), g));
          Operand<TFloat32> v =
              ops.math.add(
                  ops.math.mul(b2, state.get(1)),
                  ops.math.mul(ops.math.sub(one, b2), ops.math.square(g)));
          Operand<TFloat32> lrT =
              ops.math.div(
                  ops.math.mul(lr, ops.math.sqrt(ops.math.sub(one, ops.math.pow(b2, t)))),
                  ops.math.sub(one, ops.math.pow(b1, t)));
          step = ops.math.mul(lrT, ops.math.div(m, ops.math.add(ops.math.sqrt(v), eps)));
          next.add(m);
          next.add(v);
        }
        case "rmsprop" -> {
          Operand<TFloat32> decay = p.get(1);
          Operand<TFloat32> momentum = p.get(2);
          Operand<TFloat32> eps = p.get(3);
          Operand<TFloat32> ms =
              ops.math.add(
                  ops.math.mul(decay, state.get(0)),
                  ops.math.mul(ops.math.sub(one, decay), ops.math.square(g)));
          Operand<TFloat32> mom =
              ops.math.add(
                  ops.math.mul(momentum, state.get(1)),
                  ops.math.div(ops.math.mul(lr, g), ops.math.sqrt(ops.math.add(ms, eps))));
          step = mom;
          next.add(ms);
          next.add(mom);
        }
        case "adagrad" -> {
          Operand<TFloat32> eps = p.get(1);
          Operand<TFloat32> acc = ops.math.add(state.get(0), ops.math.square(g));
          step = ops.math.div(ops.math.mul(lr, g), ops.math.add(ops.math.sqrt(acc), eps));
          next.add(acc);
        }
        case "nag" -> {
          Operand<TFloat32> momentum = p.get(1);
          Operand<TFloat32> acc = ops.math.add(ops.math.mul(momentum, state.get(0)), g);
          step = ops.math.mul(lr, ops.math.add(g, ops.math.mul(momentum, acc)));
          next.add(acc);
        }
        default -> throw new IllegalStateException("no update rule for optimizer " + kind);
      }
      Operand<TFloat32> delta = ops.math.neg(ops.reshape(step, ops.constant(new long[] {-1})));
      return new Update(delta, next);
    };
  }

  @Override
  public String toString() {
    return "AnalyticalRule[" + spec + "]";
  }
}
