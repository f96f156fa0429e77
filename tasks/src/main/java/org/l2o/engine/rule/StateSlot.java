package org.l2o.engine.rule;

/**
 * One state tensor of an update rule, feature-major {@code [width, columns]} (each feature's
 * values are contiguous, which lets TF split and slice state rows without copying), starting at
 * {@code initial} everywhere unless the rule draws its own initial state (TF1's RMSProp starts
 * its mean square at 1).
 *
 * <p>The {@link Scope} says what a column is: a coordinate (the usual case), one tensor of one
 * run, or one run; see {@link CoordinateLayout#columns}.
 */
public record StateSlot(String name, int width, float initial, Scope scope) {

  /** What one column of a state slot belongs to. */
  public enum Scope {
    /** One column per coordinate: {@code [width, coordinates]}. */
    COORDINATE,
    /** One column per optimizee tensor of each run, run-major: {@code [width, runs x tensors]}. */
    TENSOR,
    /** One column per run: {@code [width, runs]}. */
    RUN
  }

  public StateSlot {
    if (width <= 0) {
      throw new IllegalArgumentException("state slot " + name + ": width must be > 0, got " + width);
    }
    if (scope == null) {
      throw new IllegalArgumentException("state slot " + name + ": scope must not be null");
    }
  }

  /** A per-coordinate slot. */
  public StateSlot(String name, int width, float initial) {
    this(name, width, initial, Scope.COORDINATE);
  }
}
