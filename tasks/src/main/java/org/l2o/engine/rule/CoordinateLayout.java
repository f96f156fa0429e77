package org.l2o.engine.rule;

import java.util.Arrays;

/**
 * The coordinates an update rule sees in one graph: {@code runs} optimizee runs side by side
 * (run-major: coordinate {@code s * P + i} is parameter i of run s), each run's P parameters cut
 * into the optimizee's tensors, then {@code coordinates - runs * P} padding coordinates (zero
 * gradient, update dropped).
 *
 * <p>Coordinatewise rules only need {@link #coordinates()}; rules with per-tensor or per-run state
 * (L2O-Scale) need the tensor boundaries, and get an unpadded layout.
 */
public record CoordinateLayout(int runs, int[] tensorSizes, int coordinates) {

  public CoordinateLayout {
    if (runs < 1) {
      throw new IllegalArgumentException("a coordinate layout needs runs >= 1, got " + runs);
    }
    if (tensorSizes.length == 0) {
      throw new IllegalArgumentException("a coordinate layout needs at least one tensor");
    }
    tensorSizes = tensorSizes.clone();
    long p = 0;
    for (int n : tensorSizes) {
      if (n < 1) {
        throw new IllegalArgumentException(
            "tensor sizes must be >= 1, got " + Arrays.toString(tensorSizes));
      }
      p += n;
    }
    if (coordinates < runs * p) {
      throw new IllegalArgumentException(
          coordinates + " coordinates cannot hold " + runs + " runs of " + p + " parameters");
    }
  }

  /** {@code runs} runs of {@code tensorSizes}, unpadded. */
  public static CoordinateLayout of(int runs, int[] tensorSizes) {
    long p = Arrays.stream(tensorSizes).asLongStream().sum();
    return new CoordinateLayout(runs, tensorSizes, Math.toIntExact(runs * p));
  }

  /** One run of {@code n} parameters in one tensor: all a coordinatewise rule needs to know. */
  public static CoordinateLayout flat(int n) {
    return new CoordinateLayout(1, new int[] {n}, n);
  }

  /** Parameters per run, P. */
  public int paramsPerRun() {
    return Arrays.stream(tensorSizes).sum();
  }

  /** Tensors per run, K. */
  public int tensors() {
    return tensorSizes.length;
  }

  @Override
  public int[] tensorSizes() {
    return tensorSizes.clone();
  }

  /** The columns of a state slot of {@code scope}. */
  public int columns(StateSlot.Scope scope) {
    return switch (scope) {
      case COORDINATE -> coordinates;
      case TENSOR -> runs * tensorSizes.length;
      case RUN -> runs;
    };
  }

  /** The columns of one run in a slot of {@code scope} (its parameters, tensors or 1). */
  public int columnsPerRun(StateSlot.Scope scope) {
    return switch (scope) {
      case COORDINATE -> paramsPerRun();
      case TENSOR -> tensorSizes.length;
      case RUN -> 1;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoordinateLayout c
        && c.runs == runs
        && c.coordinates == coordinates
        && Arrays.equals(c.tensorSizes, tensorSizes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * runs + coordinates) + Arrays.hashCode(tensorSizes);
  }

  @Override
  public String toString() {
    return "CoordinateLayout[runs=" + runs + ", tensors=" + Arrays.toString(tensorSizes)
        + ", coordinates=" + coordinates + "]";
  }
}
