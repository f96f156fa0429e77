package org.l2o.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a {@link MetaOptimizer}: its step count and its per-weight moment vectors by name
 * (Adam's {@code m} and {@code v}), kept in double as the optimizers keep them.
 *
 * @param steps steps taken
 * @param slots moment vectors by name, each as long as the weight vector
 */
public record MomentState(long steps, Map<String, double[]> slots) {

  public MomentState {
    if (steps < 0) {
      throw new IllegalArgumentException("meta-optimizer steps must be >= 0, got " + steps);
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    slots.forEach((k, v) -> copy.put(k, v.clone()));
    slots = java.util.Collections.unmodifiableMap(copy);
  }

  /** The vector {@code name}, checked to hold {@code size} values. */
  public double[] slot(String name, int size) {
    double[] v = slots.get(name);
    if (v == null || v.length != size) {
      throw new IllegalArgumentException(
          "meta-optimizer state: slot '" + name + "' of " + size + " values expected, got "
              + (v == null ? "none (slots " + slots.keySet() + ")" : v.length + " values"));
    }
    return v.clone();
  }
}
