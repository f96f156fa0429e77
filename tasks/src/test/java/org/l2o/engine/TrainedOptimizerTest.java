package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.program.UpdateProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;

class TrainedOptimizerTest {

  @TempDir Path dir;

  static LearnedOptimizerConfig config(String arch) {
    return arch.equals("dm") ? LearnedOptimizerConfig.dm() : LearnedOptimizerConfig.rnnprop();
  }

  /** Gradients spanning tiny to large magnitudes, both signs. */
  static float[] gradients(int n, long seed) {
    Random r = new Random(seed);
    float[] g = new float[n];
    for (int i = 0; i < n; i++) {
      g[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(7)));
    }
    return g;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dm", "rnnprop"})
  void saveThenLoadReproducesWeightsAndUpdatesBitForBit(String arch) throws IOException {
    TrainedOptimizer original =
        TrainedOptimizer.untrained(config(arch), 42).withTraining(Map.of("epochs", 3));
    original.save(dir);
    TrainedOptimizer loaded = TrainedOptimizer.load(dir);

    assertThat(loaded.config()).isEqualTo(original.config());
    assertThat(loaded.weights()).containsExactly(original.weights());
    assertThat(loaded.training()).containsEntry("epochs", 3);

    float[] g = gradients(500, 1);
    try (UpdateProgram a = new UpdateProgram(original.rule(), 1);
        UpdateProgram b = new UpdateProgram(loaded.rule(), 1)) {
      float[][] sa = a.initialState(g.length);
      float[][] sb = b.initialState(g.length);
      for (int t = 1; t <= 3; t++) {
        float[][] ra = a.step(g, sa, t);
        float[][] rb = b.step(g, sb, t);
        for (int i = 0; i < ra.length; i++) {
          assertThat(bits(rb[i])).as("output %d at step %d", i, t).containsExactly(bits(ra[i]));
        }
        sa = java.util.Arrays.copyOfRange(ra, 1, ra.length);
        sb = java.util.Arrays.copyOfRange(rb, 1, rb.length);
      }
    }
  }

  @Test
  void weightsFileIsRawLittleEndianFloat32InLayoutOrder() throws IOException {
    TrainedOptimizer opt = TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 3);
    opt.save(dir);
    byte[] bytes = Files.readAllBytes(dir.resolve("weights.f32"));
    // L2O-DM 2x20: (2+20)*80+80 + (20+20)*80+80 + 20+1 weights.
    int expected = (2 + 20) * 80 + 80 + (20 + 20) * 80 + 80 + 20 + 1;
    assertThat(bytes).hasSize(4 * expected);
    float[] w = opt.weights();
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < w.length; i++) {
      assertThat(Float.floatToRawIntBits(bb.getFloat())).isEqualTo(Float.floatToRawIntBits(w[i]));
    }
    JsonNode cfg = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    assertThat(cfg.path("architecture").asText()).isEqualTo("dm");
    assertThat(cfg.path("preproc_k").asDouble()).isEqualTo(5.0);
    assertThat(cfg.path("output_scale").asDouble()).isEqualTo(0.01);
    assertThat(cfg.path("weight_count").asInt()).isEqualTo(expected);
    assertThat(cfg.path("layout").get(0).path("name").asText()).isEqualTo("lstm1/w");
    assertThat(cfg.path("layout").get(0).path("shape").toString()).isEqualTo("[22,80]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dm", "rnnprop"})
  void savedModelGivesTheEngineUpdatesBitForBit(String arch) throws IOException {
    TrainedOptimizer opt = TrainedOptimizer.untrained(config(arch), 9);
    opt.save(dir);
    String path = dir.resolve("saved_model").toString();
    try (UpdateProgram engine = new UpdateProgram(opt.rule(), 1);
        SavedModelBundle exact =
            SavedModelBundle.loader(path).withConfigProto(Sessions.config(1)).load();
        SavedModelBundle plain = SavedModelBundle.load(path)) {
      float[] g = gradients(300, 2);
      float[][] state = engine.initialState(g.length);
      float[][] expected = engine.step(g, state, 1);
      assertThat(expected[0]).as("updates are not all zero").isNotEqualTo(new float[g.length]);
      List<String> outputs = new ArrayList<>();
      outputs.add("update");
      outputs.addAll(engine.stateWidths().keySet());
      float[][] got = call(exact, engine, g, state, outputs);
      for (int i = 0; i < outputs.size(); i++) {
        assertThat(bits(got[i])).as(outputs.get(i)).containsExactly(bits(expected[i]));
      }
      // Under TF's default config (graph rewriting on) only the last bits may differ: ~1e-7 of the
      // terms (updates are ~1e-3, the output layer can cancel them down to ~1e-5).
      float[] update = call(plain, engine, g, state, outputs)[0];
      for (int i = 0; i < g.length; i++) {
        assertThat(update[i]).isCloseTo(expected[0][i], within(1e-5f * Math.abs(expected[0][i]) + 1e-9f));
      }
    }
  }

  private static float[][] call(
      SavedModelBundle model, UpdateProgram engine, float[] g, float[][] state, List<String> outputs) {
    Map<String, Tensor> inputs = new HashMap<>();
    try {
      inputs.put("gradient", Tensors.floats(g, g.length));
      inputs.put("step", Tensors.floats(new float[] {1f}));
      int i = 0;
      for (var e : engine.stateWidths().entrySet()) {
        inputs.put(e.getKey(), Tensors.floats(state[i++], e.getValue(), g.length));
      }
      try (Result r = model.function(UpdateProgram.SIGNATURE_KEY).call(inputs)) {
        float[][] out = new float[outputs.size()][];
        for (int k = 0; k < out.length; k++) {
          out[k] = Tensors.toFloats(r.get(outputs.get(k)).orElseThrow());
        }
        return out;
      }
    } finally {
      inputs.values().forEach(Tensor::close);
    }
  }

  @Test
  void loadNamesTheMissingFile() throws IOException {
    TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 1).save(dir);
    Files.delete(dir.resolve("weights.f32"));
    assertThatThrownBy(() -> TrainedOptimizer.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("weights.f32");
  }

  @Test
  void untrainedIsDeterministicInItsSeed() {
    assertThat(TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 5).weights())
        .containsExactly(TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 5).weights());
    assertThat(TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 5).weights())
        .isNotEqualTo(TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 6).weights());
  }

  static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }
}
