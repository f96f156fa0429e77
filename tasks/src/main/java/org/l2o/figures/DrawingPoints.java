package org.l2o.figures;

import java.util.Arrays;

/**
 * Which steps of a long curve to draw. A 10,000-step curve has far more points than a printed
 * panel has pixels, and an SVG with 10,000 vertices per line is slow to open; statistics are
 * computed on every step before this thins the drawing.
 */
final class DrawingPoints {

  /** Points per drawn line: about two per horizontal pixel of a printed panel column. */
  static final int MAX_POINTS_DEFAULT = 500;

  private DrawingPoints() {}

  /**
   * Evenly strided steps from 0, always including the last one, at most {@code maxPoints} + 1 of
   * them; every step when the curve is short enough.
   */
  static int[] steps(int steps, int maxPoints) {
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints = " + maxPoints + ", expected >= 2");
    }
    if (steps <= maxPoints) {
      int[] all = new int[steps];
      Arrays.setAll(all, i -> i);
      return all;
    }
    int stride = (steps + maxPoints - 1) / maxPoints;
    int n = (steps - 1) / stride + 1;
    boolean lastIncluded = (steps - 1) % stride == 0;
    int[] out = new int[lastIncluded ? n : n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = i * stride;
    }
    out[out.length - 1] = steps - 1;
    return out;
  }
}
