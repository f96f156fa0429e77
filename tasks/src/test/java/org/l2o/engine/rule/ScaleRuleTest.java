package org.l2o.engine.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.graph.Tensors;
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
 * L2O-Scale's graph against the spec: its weight count and initialisation, its features on
 * numbers computed by hand, and every level (the per-parameter, per-tensor and global GRU states,
 * the accumulators, decays, log learning rate and the update) against a plain-Java reference
 * written tensor by tensor, scalar by scalar as the authors' code runs, over several runs and
 * tensors.
 */
class ScaleRuleTest {

  private static final int[] TENSORS = {3, 5, 2};
  private static final int RUNS = 2;

  @Test
  void hasTheSpecsWeightCountAndTensors() {
    WeightLayout layout = ScaleRule.weightLayout();
    assertThat(layout.size()).isEqualTo(8349);
    assertThat(layout.blocks()).hasSize(31);
    assertThat(layout.block("level0/gates/w").rows()).isEqualTo(22);
    assertThat(layout.block("level0/gates/w").cols()).isEqualTo(20);
    assertThat(layout.block("level1/gates/w").rows()).isEqualTo(42);
    assertThat(layout.block("level1/gates/w").cols()).isEqualTo(40);
    assertThat(layout.block("level2/candidate/w").rows()).isEqualTo(40);
    assertThat(layout.block("level1/global_bias/w").cols()).isEqualTo(60);
    assertThat(WeightLayout.of(LearnedOptimizerConfig.scale()).size()).isEqualTo(8349);
  }

  @Test
  void initialisationFollowsTheSpec() {
    WeightLayout layout = ScaleRule.weightLayout();
    float[] w = layout.initialize(new Random(11));
    assertAll(w, layout.block("level0/gates/b"), 2.2f);
    assertAll(w, layout.block("level1/gates/b"), 2.2f);
    assertAll(w, layout.block("level2/gates/b"), 2.2f);
    assertAll(w, layout.block("level0/candidate/b"), 0f);
    assertAll(w, layout.block("level0/tensor_bias/b"), 0f);
    assertAll(w, layout.block("scl_decay/b"), 3.2f);
    assertAll(w, layout.block("inp_decay/b"), 2.2f);
    assertAll(w, layout.block("lr/w"), 0f);
    assertAll(w, layout.block("lr/b"), 0f);
    assertAll(w, layout.block("lr_momentum_logit"), 3.2f);
    assertAll(w, layout.block("stepsize_offset"), -1f);
    // Sample standard deviations of the normal blocks against 0.5 / sqrt(fan-in).
    assertThat(sd(w, layout.block("level0/gates/w"))).isCloseTo(0.5 / Math.sqrt(22), within(0.012));
    assertThat(sd(w, layout.block("level1/gates/w"))).isCloseTo(0.5 / Math.sqrt(42), within(0.006));
    assertThat(sd(w, layout.block("level2/gates/w"))).isCloseTo(0.5 / Math.sqrt(40), within(0.006));
    assertThat(sd(w, layout.block("level0/global_bias/w"))).isCloseTo(0.5 / Math.sqrt(20), within(0.012));
    WeightLayout.Block init = layout.block("level1/init");
    for (int i = 0; i < init.size(); i++) {
      assertThat(w[init.offset() + i]).isBetween(-1f, 1f);
    }
    WeightLayout.Block gd = layout.block("grads_to_delta/w");
    for (int i = 0; i < gd.size(); i++) {
      assertThat((double) w[gd.offset() + i]).isCloseTo(0.25, within(0.25));
    }
  }

  @Test
  void featuresAfterAResetMatchHandComputation() {
    // Decays and accumulators at 0: m = g, v = g^2 + 1e-12, so s = asinh(g / sqrt(g^2 + 1e-12
    // + 1e-16)), the products are s^2, and all four ln v are equal (q = 0).
    float[] g = {0.5f, -2f, 1e-3f, 0f, 3e-7f, -1e-2f, 4f, 0.25f, -0.75f, 1f};
    float[][] state = freshState(1);
    for (int i = 0; i < g.length; i++) {
      state[5][i] = -4f - 0.5f * i; // log learning rates; their mean is -6.25
    }
    float[] x = features(g, state, 1);
    int n = g.length;
    for (int i = 0; i < n; i++) {
      double v = (double) g[i] * g[i] + 1e-12;
      double y = g[i] / Math.sqrt(v + 1e-16);
      double s = Math.log(y + Math.sqrt(1 + y * y));
      for (int j = 0; j < 4; j++) {
        assertThat((double) x[j * n + i]).as("s_%d of %s", j + 1, g[i]).isCloseTo(s, within(2e-6));
        assertThat((double) x[(7 + j) * n + i]).as("q_%d", j + 1).isCloseTo(0.0, within(1e-6));
      }
      for (int j = 0; j < 3; j++) {
        assertThat((double) x[(4 + j) * n + i]).as("product %d", j).isCloseTo(s * s, within(4e-6));
      }
      assertThat((double) x[11 * n + i]).as("relative log-lr").isCloseTo(-4 - 0.5 * i + 6.25, within(1e-5));
    }
    // Spot values: asinh(1) for 0.5 (its 1e-12 is negligible), 0 for a zero gradient.
    assertThat((double) x[0]).isCloseTo(0.8813736, within(1e-6));
    assertThat(x[3]).isEqualTo(0f);
    // 3e-7: the 1e-12 matters, v = 9e-14 + 1e-12, so y = 3e-7 / 1.04408e-6 = 0.287335 and
    // s = asinh(0.287335) = 0.283521, not asinh(1).
    assertThat((double) x[4]).isCloseTo(0.2835210, within(1e-6));
  }

  @Test
  void everyLevelMatchesTheJavaReferenceFromAReset() {
    float[] w = perturbedWeights(5);
    compareWithReference(w, new ScaleRule(LearnedOptimizerConfig.scale(), w).initialState(
        CoordinateLayout.of(RUNS, TENSORS), new long[] {3, 4}), 4);
  }

  @Test
  void everyLevelMatchesTheJavaReferenceMidRunWithAnAllZeroScaleAndAClippedLearningRate() {
    float[] w = perturbedWeights(6);
    ScaleRule rule = new ScaleRule(LearnedOptimizerConfig.scale(), w);
    float[][] s = rule.initialState(CoordinateLayout.of(RUNS, TENSORS), new long[] {1, 2});
    Random r = new Random(9);
    int n = RUNS * 10;
    for (int c = 0; c < n; c++) {
      s[3][c] = 0.3f + 0.6f * r.nextFloat(); // scale decay
      s[4][c] = 0.2f + 0.7f * r.nextFloat(); // input decay
      for (int j = 0; j < 4; j++) {
        s[1][j * n + c] = (float) (0.1 * r.nextGaussian());
        s[2][j * n + c] = (float) (0.05 * r.nextFloat() + 1e-4);
      }
      s[5][c] = -8f + 2f * r.nextFloat();
    }
    // Run 1's second tensor (coordinates 13..17) has v_3 all zero: its rho must be 0 there.
    for (int c = 13; c < 18; c++) {
      s[2][2 * n + c] = 0f;
    }
    // Two coordinates whose log-lr step leaves [-33, 33] (clipped, lr bias +1 below).
    s[5][1] = 32.9f;
    s[5][15] = -33f;
    WeightLayout.Block lrb = ScaleRule.weightLayout().block("lr/b");
    w[lrb.offset()] = 1.0f;
    s[5][15] = -34.5f;
    compareWithReference(w, s, 3);
  }

  private static void compareWithReference(float[] w, float[][] initial, int steps) {
    ReferenceScaleOptimizer ref = new ReferenceScaleOptimizer(w, RUNS, TENSORS);
    ScaleRule rule = new ScaleRule(LearnedOptimizerConfig.scale(), w);
    CoordinateLayout layout = CoordinateLayout.of(RUNS, TENSORS);
    float[][] graphState = copy(initial);
    float[][] refState = copy(initial);
    Random r = new Random(12);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> gIn =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(layout.coordinates())));
      List<Placeholder<TFloat32>> sIn = new ArrayList<>();
      for (StateSlot slot : rule.stateSlots()) {
        sIn.add(tf.placeholder(TFloat32.class,
            Placeholder.shape(Shape.of(slot.width(), layout.columns(slot.scope())))));
      }
      StepFunction fn = rule.bind(tf, tf.constant(w), layout);
      Update u = fn.step(tf, gIn, new ArrayList<>(sIn), tf.constant(1f));
      Operand<TFloat32> x =
          ScaleRule.features(tf, ScaleRule.Consts.of(tf), new TensorSegments(tf, layout),
              tf.reshape(gIn, tf.constant(new long[] {1, -1})), new ArrayList<>(sIn)).x();
      try (Session s = Sessions.open(graph, 1)) {
        for (int t = 0; t < steps; t++) {
          float[] g = new float[layout.coordinates()];
          for (int i = 0; i < g.length; i++) {
            g[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(4)));
          }
          g[7] = 0f;
          double[] expected = ref.step(g, refState);
          try (Feeds f = new Feeds(s)) {
            f.floats(gIn, g, g.length);
            for (int i = 0; i < sIn.size(); i++) {
              StateSlot slot = rule.stateSlots().get(i);
              f.floats(sIn.get(i), graphState[i], slot.width(), layout.columns(slot.scope()));
            }
            f.fetch(u.delta());
            u.state().forEach(f::fetch);
            f.fetch(x);
            try (Result res = f.run()) {
              float[] delta = Tensors.toFloats(res.get(0));
              for (int c = 0; c < delta.length; c++) {
                assertThat((double) delta[c]).as("update of coordinate %d at step %d", c, t)
                    .isCloseTo(expected[c], within(1e-7 + 2e-4 * Math.abs(expected[c])));
              }
              for (int i = 0; i < sIn.size(); i++) {
                float[] got = Tensors.toFloats(res.get(1 + i));
                String name = rule.stateSlots().get(i).name();
                for (int c = 0; c < got.length; c++) {
                  double e = refState[i][c];
                  assertThat((double) got[c]).as("state %s[%d] at step %d", name, c, t)
                      .isCloseTo(e, within(2e-5 + 2e-4 * Math.abs(e)));
                }
                graphState[i] = got;
              }
              float[] feat = Tensors.toFloats(res.get(1 + sIn.size()));
              int n = layout.coordinates();
              for (int c = 0; c < n; c++) {
                for (int j = 0; j < 12; j++) {
                  double e = ref.lastFeatures[c][j];
                  assertThat((double) feat[j * n + c]).as("feature %d of coordinate %d", j, c)
                      .isCloseTo(e, within(2e-5 + 2e-4 * Math.abs(e)));
                }
              }
            }
          }
          // Both go on from the graph's state, so float32 drift cannot accumulate.
          refState = copy(graphState);
        }
      }
    }
  }

  private static float[] features(float[] g, float[][] state, int runs) {
    ScaleRule rule = new ScaleRule(LearnedOptimizerConfig.scale(),
        ScaleRule.weightLayout().initialize(new Random(1)));
    CoordinateLayout layout = CoordinateLayout.of(runs, new int[] {g.length / runs});
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Operand<TFloat32>> s = new ArrayList<>();
      for (int i = 0; i < state.length; i++) {
        StateSlot slot = rule.stateSlots().get(i);
        s.add(tf.constant(Shape.of(slot.width(), layout.columns(slot.scope())),
            org.tensorflow.ndarray.buffer.DataBuffers.of(state[i], true, false)));
      }
      Operand<TFloat32> x =
          ScaleRule.features(tf, ScaleRule.Consts.of(tf), new TensorSegments(tf, layout),
              tf.constant(Shape.of(1, g.length), org.tensorflow.ndarray.buffer.DataBuffers.of(g, true, false)),
              s).x();
      try (Session session = Sessions.open(graph, 1);
          Feeds f = new Feeds(session).fetch(x);
          Result r = f.run()) {
        return Tensors.toFloats(r.get(0));
      }
    }
  }

  private static float[][] freshState(int runs) {
    ScaleRule rule = new ScaleRule(LearnedOptimizerConfig.scale(),
        ScaleRule.weightLayout().initialize(new Random(1)));
    return rule.initialState(CoordinateLayout.of(runs, new int[] {10}), new long[runs]);
  }

  /** The init, with every constant block moved off its constant so that each one matters. */
  private static float[] perturbedWeights(long seed) {
    WeightLayout layout = ScaleRule.weightLayout();
    float[] w = layout.initialize(new Random(seed));
    Random r = new Random(seed + 100);
    for (String name : List.of("level0/candidate/b", "level0/tensor_bias/b", "level0/global_bias/b",
        "level1/candidate/b", "level1/global_bias/b", "level2/candidate/b", "lr/w", "lr/b")) {
      WeightLayout.Block b = layout.block(name);
      for (int i = 0; i < b.size(); i++) {
        w[b.offset() + i] = (float) (0.3 * r.nextGaussian());
      }
    }
    return w;
  }

  private static float[][] copy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  private static void assertAll(float[] w, WeightLayout.Block b, float value) {
    for (int i = 0; i < b.size(); i++) {
      assertThat(w[b.offset() + i]).as("%s[%d]", b.name(), i).isEqualTo(value);
    }
  }

  private static double sd(float[] w, WeightLayout.Block b) {
    double s = 0;
    double ss = 0;
    for (int i = 0; i < b.size(); i++) {
      s += w[b.offset() + i];
      ss += (double) w[b.offset() + i] * w[b.offset() + i];
    }
    double mean = s / b.size();
    return Math.sqrt(ss / b.size() - mean * mean);
  }
}
