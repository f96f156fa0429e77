package org.l2o.engine.problem;

import java.util.Arrays;

/**
 * One named tensor of an optimizee's flat parameter vector: where it starts and its shape
 * (row-major). Optimizers that keep per-tensor state, such as L2O-Scale, need these boundaries;
 * coordinatewise ones ignore them.
 */
public record TensorSlice(String name, int offset, long[] shape) {

  public TensorSlice {
    if (offset < 0) {
      throw new IllegalArgumentException("tensor " + name + ": offset must be >= 0, got " + offset);
    }
    shape = shape.clone();
    for (long d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "tensor " + name + ": every dimension must be >= 1, got " + Arrays.toString(shape));
      }
    }
  }

  /** Number of scalars. */
  public int size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return Math.toIntExact(n);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSlice t
        && t.name.equals(name)
        && t.offset == offset
        && Arrays.equals(t.shape, shape);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + offset) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + "@" + offset;
  }
}
