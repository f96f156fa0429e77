package org.l2o.engine.rule;

/**
 * One per-coordinate state tensor of an update rule, of shape {@code [width, N]} for N
 * coordinates (feature-major: each feature's values for all coordinates are contiguous, which
 * lets TF split and slice state rows without copying), starting at {@code initial} everywhere
 * (TF1's RMSProp starts its mean square at 1).
 */
public record StateSlot(String name, int width, float initial) {
  public StateSlot {
    if (width <= 0) {
      throw new IllegalArgumentException("state slot " + name + ": width must be > 0, got " + width);
    }
  }
}
