package org.l2o.authors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.program.UpdateProgram;

/**
 * The imported optimizers run in our engine compute what the authors' Sonnet networks compute:
 * three steps on fixed gradients, against a hand computation in plain Java doubles that reads the
 * raw arrays by their Sonnet names (not through our layout) and follows the authors' code:
 * LogAndSign preprocessing (k = 5, eps = float32 machine epsilon), Sonnet v1's LSTM
 * ({@code [x, h] @ w_gates + b_gates}, gates i, j, f, o, forget bias 1), Linear, times 0.01; and
 * for RNNprop the Adam-like inputs, Linear + ELU in front and tanh at the end.
 *
 * <p>Three steps, not one: at the first step the hidden state is zero, so the hidden-state rows of
 * {@code w_gates} would go unchecked.
 */
class AuthorsOneStepTest {

  /** The authors' constants, written here from their code rather than taken from ours. */
  private static final double K = 5;
  private static final double EPS = Math.ulp(1.0f); // np.finfo(np.float32).eps = 2^-23
  private static final double SCALE = 0.01;
  private static final double FORGET_BIAS = 1;
  private static final double BETA = 0.95;
  private static final int H = 20;

  private static final float[][] GRADIENTS = {
    {0f, 1e-9f, -3e-4f, 2e-3f, -0.05f, 1.5f, 7e-6f, -2e-2f},
    {1e-4f, -1e-9f, 3e-4f, -2e-3f, 0.04f, -1.2f, 0f, 5e-2f},
    {-1e-4f, 2e-8f, -6e-4f, 1e-3f, -0.03f, 0.9f, -7e-6f, 1e-2f},
  };

  @Test
  void dmClIlStepsEqualTheSonnetHandComputation() throws IOException {
    compare(AuthorsModel.DM_CL_IL);
  }

  @Test
  void dmStepsEqualTheSonnetHandComputation() throws IOException {
    compare(AuthorsModel.DM);
  }

  @Test
  void rnnpropStepsEqualTheSonnetHandComputation() throws IOException {
    compare(AuthorsModel.RNNPROP_CL_IL);
  }

  private static void compare(AuthorsModel model) throws IOException {
    Map<String, SonnetArrays.Array> raw =
        SonnetArrays.read(AuthorsImporterTest.bundled(model), model.relativePath());
    TrainedOptimizer imported = AuthorsImporter.importBundled(model);
    int n = GRADIENTS[0].length;
    SonnetNet hand = new SonnetNet(raw, n, model.architecture().equals("rnnprop"));
    try (UpdateProgram p = new UpdateProgram(imported.rule(), 1)) {
      float[][] state = p.initialState(n);
      for (int t = 1; t <= GRADIENTS.length; t++) {
        float[][] out = p.step(GRADIENTS[t - 1], state, t);
        double[] expected = hand.step(GRADIENTS[t - 1], t);
        for (int i = 0; i < n; i++) {
          assertThat((double) out[0][i])
              .as("%s update of coordinate %d (g = %s) at step %d", model.variant(), i,
                  GRADIENTS[t - 1][i], t)
              .isCloseTo(expected[i], within(1e-7 + 1e-4 * Math.abs(expected[i])));
        }
        // The updates are not all alike: the check above compared informative numbers.
        assertThat(Arrays.stream(expected).distinct().count()).isGreaterThan(n / 2);
        state = Arrays.copyOfRange(out, 1, out.length);
      }
    }
  }

  /** The authors' networks, coordinate by coordinate, from the raw Sonnet arrays. */
  private static final class SonnetNet {
    private final Map<String, SonnetArrays.Array> a;
    private final boolean rnnprop;
    private final double[][][] h; // [layer][coordinate][unit]
    private final double[][][] c;
    private final double[] m;
    private final double[] v;

    SonnetNet(Map<String, SonnetArrays.Array> arrays, int n, boolean rnnprop) {
      this.a = arrays;
      this.rnnprop = rnnprop;
      h = new double[2][n][H];
      c = new double[2][n][H];
      m = new double[n];
      v = new double[n];
    }

    double[] step(float[] g, int t) {
      double[] out = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        double[] x;
        if (rnnprop) {
          // meta_rnnprop_eval.py: m, v with beta 0.95, bias-corrected at step t; then
          // [m^/(sqrt(v^)+1e-8), g/(sqrt(v^)+1e-8)] through input_projection and ELU.
          m[i] = BETA * m[i] + (1 - BETA) * g[i];
          v[i] = BETA * v[i] + (1 - BETA) * g[i] * g[i];
          double mHat = m[i] / (1 - Math.pow(BETA, t));
          double vHat = v[i] / (1 - Math.pow(BETA, t));
          double d = Math.sqrt(vHat) + 1e-8;
          x = affine(new double[] {mHat / d, g[i] / d}, "input_projection/w", "input_projection/b");
          for (int u = 0; u < x.length; u++) {
            x[u] = x[u] > 0 ? x[u] : Math.exp(x[u]) - 1;
          }
        } else {
          // preprocess.LogAndSign: [max(log(|g| + eps) / k, -1), clip(g e^k, -1, 1)].
          x = new double[] {
            Math.max(Math.log(Math.abs(g[i]) + EPS) / K, -1),
            Math.max(-1, Math.min(1, g[i] * Math.exp(K)))
          };
        }
        for (int l = 0; l < 2; l++) {
          // snt.LSTM: gates = concat([inputs, prev_hidden]) @ w_gates + b_gates; i, j, f, o.
          double[] in = new double[x.length + H];
          System.arraycopy(x, 0, in, 0, x.length);
          System.arraycopy(h[l][i], 0, in, x.length, H);
          String name = "lstm_" + (l + 1);
          double[] z = affine(in, name + "/w_gates", name + "/b_gates");
          double[] hNew = new double[H];
          for (int u = 0; u < H; u++) {
            double ig = sigmoid(z[u]);
            double j = Math.tanh(z[H + u]);
            double f = sigmoid(z[2 * H + u] + FORGET_BIAS);
            double o = sigmoid(z[3 * H + u]);
            c[l][i][u] = f * c[l][i][u] + ig * j;
            hNew[u] = Math.tanh(c[l][i][u]) * o;
          }
          h[l][i] = hNew;
          x = hNew;
        }
        double y = affine(x, "linear/w", "linear/b")[0];
        out[i] = (rnnprop ? Math.tanh(y) : y) * SCALE;
      }
      return out;
    }

    /** {@code in @ w + b} for a Sonnet weight {@code w [rows, cols]} stored in C order. */
    private double[] affine(double[] in, String w, String b) {
      SonnetArrays.Array wa = a.get(w);
      int rows = wa.shape()[0];
      int cols = wa.shape()[1];
      assertThat(rows).as("%s rows", w).isEqualTo(in.length);
      double[] out = new double[cols];
      for (int col = 0; col < cols; col++) {
        double s = a.get(b).data()[col];
        for (int r = 0; r < rows; r++) {
          s += in[r] * wa.data()[r * cols + col];
        }
        out[col] = s;
      }
      return out;
    }

    private static double sigmoid(double z) {
      return 1 / (1 + Math.exp(-z));
    }
  }
}
