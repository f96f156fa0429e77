package org.l2o.engine.rule;

/**
 * L2O-Scale in plain Java double precision, written from the spec of the authors' {@code
 * hierarchical_rnn.py} the way their code runs: tensor by tensor, scalar by scalar, with
 * row-vector GRUs ({@code [x, h] W}) on the weight blocks of {@link ScaleRule#weightLayout()}.
 * The state is read and written in the rule's feature-major slot arrays so the two compare
 * directly.
 */
final class ReferenceScaleOptimizer {

  private static final int H0 = 10;
  private static final int H1 = 20;
  private static final int H2 = 20;

  private final float[] w;
  private final WeightLayout layout = ScaleRule.weightLayout();
  private final int runs;
  private final int[] sizes;
  private final int p;

  /** Per-parameter features of the last step, {@code [coordinate][12]}. */
  double[][] lastFeatures;

  ReferenceScaleOptimizer(float[] weights, int runs, int[] sizes) {
    this.w = weights;
    this.runs = runs;
    this.sizes = sizes.clone();
    int total = 0;
    for (int n : sizes) {
      total += n;
    }
    this.p = total;
  }

  /** Weight block {@code name} as {@code [rows][cols]}. */
  double[][] mat(String name) {
    WeightLayout.Block b = layout.block(name);
    double[][] m = new double[b.rows()][b.cols()];
    for (int r = 0; r < b.rows(); r++) {
      for (int c = 0; c < b.cols(); c++) {
        m[r][c] = w[b.offset() + r * b.cols() + c];
      }
    }
    return m;
  }

  double[] vec(String name) {
    WeightLayout.Block b = layout.block(name);
    double[] v = new double[b.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = w[b.offset() + i];
    }
    return v;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** {@code x W + b} for a row vector x. */
  static double[] affine(double[] x, double[][] m, double[] b) {
    double[] out = new double[m[0].length];
    for (int c = 0; c < out.length; c++) {
      double s = b == null ? 0 : b[c];
      for (int r = 0; r < x.length; r++) {
        s += x[r] * m[r][c];
      }
      out[c] = s;
    }
    return out;
  }

  static double[] concat(double[] a, double[] b) {
    double[] out = new double[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The BiasGRU of the authors' rnn_cells.py with injected bias {@code beta [3H]} (or null). */
  double[] gru(String level, double[] x, double[] h, double[] beta) {
    int hidden = h.length;
    double[] a = affine(concat(x, h), mat(level + "/gates/w"), vec(level + "/gates/b"));
    double[] r = new double[hidden];
    double[] u = new double[hidden];
    double[] rh = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      r[j] = sigmoid(a[j] + (beta == null ? 0 : beta[j]));
      u[j] = sigmoid(a[hidden + j] + (beta == null ? 0 : beta[hidden + j]));
      rh[j] = r[j] * h[j];
    }
    double[] c = affine(concat(x, rh), mat(level + "/candidate/w"), vec(level + "/candidate/b"));
    double[] out = new double[hidden];
    for (int j = 0; j < hidden; j++) {
      double cj = Math.tanh(c[j] + (beta == null ? 0 : beta[2 * hidden + j]));
      out[j] = u[j] * h[j] + (1 - u[j]) * cj;
    }
    return out;
  }

  /**
   * One step: {@code g} is the gradient of all runs ({@code runs * P}); {@code state} the eight
   * slot arrays (updated in place, as doubles are cast back to float). Returns the additive
   * update (-step).
   */
  double[] step(float[] g, float[][] state) {
    int n = runs * p;
    int m = runs * sizes.length;
    double[] delta = new double[n];
    float[][] next = new float[state.length][];
    for (int i = 0; i < state.length; i++) {
      next[i] = state[i].clone();
    }
    lastFeatures = new double[n][];
    double[][] pw = mat("level0/tensor_bias/w");
    double[] pb = vec("level0/tensor_bias/b");
    double[][] qw = mat("level0/global_bias/w");
    double[] qb = vec("level0/global_bias/b");
    double[][] rw = mat("level1/global_bias/w");
    double[] rb = vec("level1/global_bias/b");
    double[] wUpd = vec("update/w");
    double[] wGd = vec("grads_to_delta/w");
    double[] wSd = vec("scl_decay/w");
    double bSd = vec("scl_decay/b")[0];
    double[] wIn = vec("inp_decay/w");
    double bIn = vec("inp_decay/b")[0];
    double[] wLr = vec("lr/w");
    double bLr = vec("lr/b")[0];
    double mu = sigmoid(vec("lr_momentum_logit")[0]);
    double offset = vec("stepsize_offset")[0];
    for (int run = 0; run < runs; run++) {
      double[] global = column(state[7], H2, runs, run);
      double meanLr = 0;
      for (int i = 0; i < p; i++) {
        meanLr += state[5][run * p + i];
      }
      meanLr /= p;
      double[] lastLayer = null;
      int start = run * p;
      for (int k = 0; k < sizes.length; k++) {
        int nk = sizes[k];
        int col = run * sizes.length + k;
        double[] layer = column(state[6], H1, m, col);
        // rho = 0 for a scale whose old v is all zero in this tensor.
        boolean[] allZero = new boolean[4];
        for (int j = 0; j < 4; j++) {
          allZero[j] = true;
          for (int i = 0; i < nk; i++) {
            if (state[2][j * n + start + i] != 0f) {
              allZero[j] = false;
            }
          }
        }
        double[] beta0 = new double[30];
        double[] tb = affine(layer, pw, pb);
        double[] gb = affine(global, qw, qb);
        for (int j = 0; j < 30; j++) {
          beta0[j] = tb[j] + gb[j];
        }
        double[][] hNew = new double[nk][];
        double[][] x = new double[nk][];
        double[][] scaled = new double[nk][4];
        for (int i = 0; i < nk; i++) {
          int c = start + i;
          double gi = g[c];
          double[] d = new double[4];
          d[0] = state[4][c];
          for (int j = 1; j < 4; j++) {
            d[j] = Math.sqrt(d[j - 1]);
          }
          double rho0 = state[3][c];
          double[] logMs = new double[4];
          double avg = 0;
          for (int j = 0; j < 4; j++) {
            double mj = (1 - d[j]) * gi + d[j] * state[1][j * n + c];
            double rho = allZero[j] ? 0 : rho0;
            double vj = (1 - rho) * (mj * mj + 1e-12) + rho * state[2][j * n + c];
            next[1][j * n + c] = (float) mj;
            next[2][j * n + c] = (float) vj;
            double y = mj / Math.sqrt(vj + 1e-16);
            scaled[i][j] = Math.log(y + Math.sqrt(1 + y * y));
            logMs[j] = Math.log(vj + 1e-16);
            avg += logMs[j] / 4;
          }
          double[] xi = new double[12];
          for (int j = 0; j < 4; j++) {
            xi[j] = scaled[i][j];
            xi[7 + j] = logMs[j] - avg;
          }
          for (int j = 0; j < 3; j++) {
            xi[4 + j] = scaled[i][j] * scaled[i][j + 1];
          }
          xi[11] = state[5][c] - meanLr;
          x[i] = xi;
          lastFeatures[c] = xi;
          hNew[i] = gru("level0", xi, column(state[0], H0, n, c), beta0);
        }
        // Level 1: mean over the tensor of [h', x].
        double[] z = new double[22];
        for (int i = 0; i < nk; i++) {
          for (int j = 0; j < 10; j++) {
            z[j] += hNew[i][j] / nk;
          }
          for (int j = 0; j < 12; j++) {
            z[10 + j] += x[i][j] / nk;
          }
        }
        double[] layerNew = gru("level1", z, layer, affine(global, rw, rb));
        setColumn(next[6], layerNew, m, col);
        lastLayer = layerNew;
        // Outputs.
        double[] dir = new double[nk];
        double ms = 0;
        for (int i = 0; i < nk; i++) {
          double s = 0;
          for (int j = 0; j < 10; j++) {
            s += hNew[i][j] * wUpd[j];
          }
          for (int j = 0; j < 4; j++) {
            s += scaled[i][j] * wGd[j];
          }
          dir[i] = s;
          ms += s * s / nk;
        }
        double rms = Math.sqrt(ms + 1e-16);
        for (int i = 0; i < nk; i++) {
          int c = start + i;
          double sd = bSd;
          double in = bIn;
          double dl = bLr;
          for (int j = 0; j < 10; j++) {
            sd += hNew[i][j] * wSd[j];
            in += hNew[i][j] * wIn[j];
            dl += hNew[i][j] * wLr[j];
          }
          double lr = state[5][c];
          double stepLr = Math.max(-33, Math.min(33, lr + dl));
          next[3][c] = (float) sigmoid(sd);
          next[4][c] = (float) sigmoid(in);
          next[5][c] = (float) (mu * lr + (1 - mu) * stepLr);
          delta[c] = -Math.exp(stepLr + offset) * dir[i] / rms;
          setColumn(next[0], hNew[i], n, c);
        }
        start += nk;
      }
      setColumn(next[7], gru("level2", lastLayer, global, null), runs, run);
    }
    for (int i = 0; i < state.length; i++) {
      state[i] = next[i];
    }
    return delta;
  }

  /** Column {@code c} of a feature-major {@code [width, cols]} array. */
  static double[] column(float[] a, int width, int cols, int c) {
    double[] out = new double[width];
    for (int j = 0; j < width; j++) {
      out[j] = a[j * cols + c];
    }
    return out;
  }

  static void setColumn(float[] a, double[] v, int cols, int c) {
    for (int j = 0; j < v.length; j++) {
      a[j * cols + c] = (float) v[j];
    }
  }
}
