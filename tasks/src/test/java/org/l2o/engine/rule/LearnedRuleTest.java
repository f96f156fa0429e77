package org.l2o.engine.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.program.UpdateProgram;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The graph forms of L2O-DM and RNNprop against plain-Java reference implementations written from
 * the papers' formulas in Sonnet's weight layout (so the graph's gate reordering and bias folding
 * are checked), and the L2O-DM preprocessing against a hand computation.
 */
class LearnedRuleTest {

  @Test
  void preprocessingMatchesHandComputation() {
    double k = 5;
    float[] g = {0f, 1e-12f, -1e-3f, 0.02f, -7f, 1e-5f};
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(g.length)));
      Operand<TFloat32> out = DmRule.preprocess(tf, in, k);
      try (Session s = Sessions.open(graph, 1);
          Feeds f = new Feeds(s).floats(in, g, g.length).fetch(out);
          Result r = f.run()) {
        float[] features = Tensors.toFloats(r.get(0));
        for (int i = 0; i < g.length; i++) {
          double logPart = Math.max(Math.log(Math.abs(g[i]) + DmRule.LOG_EPS) / k, -1);
          double signPart = Math.max(-1, Math.min(1, g[i] * Math.exp(k)));
          assertThat((double) features[i]).as("log part of %s", g[i]).isCloseTo(logPart, within(1e-6));
          assertThat((double) features[g.length + i])
              .as("sign part of %s", g[i])
              .isCloseTo(signPart, within(1e-6));
        }
        // Spot values: log(1e-3 + eps)/5 = -1.3816 -> clamped to -1; 0.02 e^5 = 2.968 -> 1.
        assertThat(features[2]).isEqualTo(-1f);
        assertThat(features[g.length + 3]).isEqualTo(1f);
        assertThat((double) features[4]).isCloseTo(Math.log(7) / 5, within(1e-6));
      }
    }
  }

  @Test
  void dmGraphMatchesJavaReferenceOverThreeSteps() {
    compareWithReference(LearnedOptimizerConfig.dm());
  }

  @Test
  void rnnpropGraphMatchesJavaReferenceOverThreeSteps() {
    compareWithReference(LearnedOptimizerConfig.rnnprop());
  }

  private static void compareWithReference(LearnedOptimizerConfig cfg) {
    WeightLayout layout = WeightLayout.of(cfg);
    float[] w = layout.initialize(new Random(4));
    // Non-zero biases so that bias handling is exercised.
    Random r = new Random(8);
    for (WeightLayout.Block b : layout.blocks()) {
      if (b.bias()) {
        for (int i = 0; i < b.size(); i++) {
          w[b.offset() + i] = (float) (0.3 * r.nextGaussian());
        }
      }
    }
    int n = 37;
    ReferenceLstmOptimizer ref = new ReferenceLstmOptimizer(cfg, w, n);
    try (UpdateProgram p = new UpdateProgram(LearnedRule.of(cfg, w), 1)) {
      float[][] state = p.initialState(n);
      for (int t = 1; t <= 3; t++) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
          g[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(6)));
        }
        float[][] out = p.step(g, state, t);
        double[] expected = ref.step(g, t);
        for (int i = 0; i < n; i++) {
          assertThat((double) out[0][i])
              .as("%s update of coordinate %d at step %d", cfg.architecture(), i, t)
              .isCloseTo(expected[i], within(1e-6 + 1e-4 * Math.abs(expected[i])));
        }
        state = java.util.Arrays.copyOfRange(out, 1, out.length);
      }
      assertThat(p.slots()).extracting(StateSlot::name).startsWith("h1", "c1", "h2", "c2");
    }
  }
}
