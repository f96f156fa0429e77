package org.l2o.engine.curriculum;

import java.util.Arrays;
import java.util.Objects;

/**
 * An analytical optimizer in plain Java that remembers its slots across steps, so that an
 * imitation episode can record the teacher's update Δx_t for each gradient g_t. It is the
 * reference the TF graphs are tested against, and it is fast enough to be the teacher itself.
 */
public final class ReferenceTeacher {

  private final TeacherSpec spec;
  private final int params;
  private final double[] first;
  private final double[] second;
  private long steps;

  /** A teacher over {@code params} parameters with fresh slots, as at an episode start. */
  public ReferenceTeacher(TeacherSpec spec, int params) {
    this.spec = Objects.requireNonNull(spec, "spec");
    if (params < 1) {
      throw new IllegalArgumentException(
          "teacher " + spec + ": params must be >= 1, got " + params);
    }
    this.params = params;
    this.first = new double[params];
    this.second = new double[params];
    reset();
  }

  /** Re-initialises the slots as TF would for a new variable: a new episode. */
  public void reset() {
    steps = 0;
    Arrays.fill(first, spec.kind() == TeacherKind.ADAGRAD
        ? ImitationMath.ADAGRAD_INITIAL_ACCUMULATOR_DEFAULT
        : spec.kind() == TeacherKind.RMSPROP
            ? ImitationMath.RMSPROP_INITIAL_MEAN_SQUARE_DEFAULT
            : 0.0);
    Arrays.fill(second, 0.0);
  }

  /** The update Δx for gradient {@code grad}; advances the teacher's slots by one step. */
  public double[] update(double[] grad) {
    if (grad.length != params) {
      throw new IllegalArgumentException(
          "teacher " + spec + ": gradient has " + grad.length + " entries, expected " + params);
    }
    steps++;
    double lr = spec.learningRate();
    return switch (spec.kind()) {
      case SGD -> ImitationMath.sgdUpdate(grad, lr);
      case ADAM -> ImitationMath.adamUpdate(grad, first, second, steps, lr);
      case ADAGRAD -> ImitationMath.adagradUpdate(grad, first, lr);
      case RMSPROP -> ImitationMath.rmspropUpdate(grad, first, lr);
      case NAG -> ImitationMath.nesterovUpdate(grad, first, lr);
    };
  }

  /** Updates taken since the last reset. */
  public long steps() {
    return steps;
  }

  /** The teacher's kind and learning rate. */
  public TeacherSpec spec() {
    return spec;
  }

  @Override
  public String toString() {
    return "ReferenceTeacher(" + spec + ", params=" + params + ", steps=" + steps + ")";
  }
}
