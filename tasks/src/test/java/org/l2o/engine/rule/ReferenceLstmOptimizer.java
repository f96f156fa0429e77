package org.l2o.engine.rule;

import org.l2o.engine.LearnedOptimizerConfig;

/**
 * L2O-DM and RNNprop in plain Java double precision, one coordinate at a time, straight from the
 * formulas and Sonnet's weight layout ([in+H, 4H] matrices with gate columns i, j, f, o): the
 * reference the graph versions are tested against.
 */
final class ReferenceLstmOptimizer {

  private final LearnedOptimizerConfig cfg;
  private final float[] w;
  private final WeightLayout layout;
  private final int h;
  private final double[][][] hs; // [layer][coord][unit]
  private final double[][][] cs;
  private final double[] m;
  private final double[] v;

  ReferenceLstmOptimizer(LearnedOptimizerConfig cfg, float[] weights, int n) {
    this.cfg = cfg;
    this.w = weights;
    this.layout = WeightLayout.of(cfg);
    this.h = cfg.hidden();
    hs = new double[cfg.layers()][n][h];
    cs = new double[cfg.layers()][n][h];
    m = new double[n];
    v = new double[n];
  }

  double[] step(float[] g, int t) {
    double[] out = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      double[] x;
      if (cfg.architecture().equals("dm")) {
        double k = cfg.preprocK();
        x =
            new double[] {
              Math.max(Math.log(Math.abs(g[i]) + DmRule.LOG_EPS) / k, -1),
              Math.max(-1, Math.min(1, g[i] * Math.exp(k)))
            };
      } else {
        double b1 = RnnPropRule.BETA1;
        double b2 = RnnPropRule.BETA2;
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        double d = Math.sqrt(vHat) + RnnPropRule.EPS;
        double[] feat = {mHat / d, g[i] / d};
        x = linear(feat, "input/w", "input/b", h);
        for (int u = 0; u < h; u++) {
          x[u] = x[u] > 0 ? x[u] : Math.expm1(x[u]);
        }
      }
      for (int l = 0; l < cfg.layers(); l++) {
        double[] in = new double[x.length + h];
        System.arraycopy(x, 0, in, 0, x.length);
        System.arraycopy(hs[l][i], 0, in, x.length, h);
        double[] z = linear(in, "lstm" + (l + 1) + "/w", "lstm" + (l + 1) + "/b", 4 * h);
        double[] hNew = new double[h];
        for (int u = 0; u < h; u++) {
          double ig = sigmoid(z[u]);
          double j = Math.tanh(z[h + u]);
          double f = sigmoid(z[2 * h + u] + LearnedRule.FORGET_BIAS);
          double o = sigmoid(z[3 * h + u]);
          cs[l][i][u] = f * cs[l][i][u] + ig * j;
          hNew[u] = Math.tanh(cs[l][i][u]) * o;
        }
        hs[l][i] = hNew;
        x = hNew;
      }
      double y = linear(x, "linear/w", "linear/b", 1)[0];
      out[i] =
          cfg.architecture().equals("dm") ? y * cfg.outputScale() : Math.tanh(y) * cfg.outputScale();
    }
    return out;
  }

  /** in [rows] times the [rows, cols] block plus bias. */
  private double[] linear(double[] in, String wName, String bName, int cols) {
    WeightLayout.Block wb = layout.block(wName);
    WeightLayout.Block bb = layout.block(bName);
    double[] out = new double[cols];
    for (int c = 0; c < cols; c++) {
      double s = w[bb.offset() + c];
      for (int r = 0; r < in.length; r++) {
        s += in[r] * w[wb.offset() + r * cols + c];
      }
      out[c] = s;
    }
    return out;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
