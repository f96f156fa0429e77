package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.program.UpdateProgram;
import org.l2o.engine.rule.CoordinateLayout;
import org.l2o.engine.rule.StateSlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;

/**
 * L2O-Scale through the trained-optimizer format: weights.f32 + config.json round trip bit for
 * bit, and the SavedModel (built for the training problem's tensors) gives the engine's updates
 * and state bit for bit.
 */
class ScaleTrainedOptimizerTest {

  private static final int[] TENSORS = {12, 4, 8, 2};

  @TempDir Path dir;

  private static TrainedOptimizer trained() {
    return TrainedOptimizer.untrained(LearnedOptimizerConfig.scale(), 42)
        .withTraining(Map.of("epochs", 3, TrainedOptimizer.TENSOR_SIZES_KEY, List.of(12, 4, 8, 2)));
  }

  @Test
  void saveThenLoadReproducesWeightsAndUpdatesBitForBit() throws IOException {
    TrainedOptimizer original = trained();
    original.save(dir);
    TrainedOptimizer loaded = TrainedOptimizer.load(dir);

    assertThat(loaded.config()).isEqualTo(LearnedOptimizerConfig.scale());
    assertThat(loaded.weights()).hasSize(8349).containsExactly(original.weights());
    assertThat(loaded.exportTensorSizes()).containsExactly(TENSORS);

    float[] g = TrainedOptimizerTest.gradients(26, 1);
    try (UpdateProgram a = new UpdateProgram(original.rule(), 1, TENSORS);
        UpdateProgram b = new UpdateProgram(loaded.rule(), 1, TENSORS)) {
      float[][] sa = a.initialState(g.length);
      float[][] sb = b.initialState(g.length);
      for (int t = 1; t <= 3; t++) {
        float[][] ra = a.step(g, sa, t);
        float[][] rb = b.step(g, sb, t);
        assertThat(ra[0]).as("updates are not all zero").isNotEqualTo(new float[g.length]);
        for (int i = 0; i < ra.length; i++) {
          assertThat(TrainedOptimizerTest.bits(rb[i])).as("output %d at step %d", i, t)
              .containsExactly(TrainedOptimizerTest.bits(ra[i]));
        }
        sa = java.util.Arrays.copyOfRange(ra, 1, ra.length);
        sb = java.util.Arrays.copyOfRange(rb, 1, rb.length);
      }
    }
    JsonNode cfg = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    assertThat(cfg.path("architecture").asText()).isEqualTo("scale");
    assertThat(cfg.path("weight_count").asInt()).isEqualTo(8349);
    assertThat(cfg.path("layout")).hasSize(31);
    assertThat(cfg.path("hierarchical_rnn").path("saved_model_tensor_sizes").toString())
        .isEqualTo("[12,4,8,2]");
  }

  @Test
  void savedModelGivesTheEngineUpdatesAndStateBitForBit() throws IOException {
    TrainedOptimizer opt = trained();
    opt.save(dir);
    try (UpdateProgram engine = new UpdateProgram(opt.rule(), 1, TENSORS);
        SavedModelBundle model =
            SavedModelBundle.loader(dir.resolve("saved_model").toString())
                .withConfigProto(Sessions.config(1)).load()) {
      float[] g = TrainedOptimizerTest.gradients(26, 2);
      float[][] state = engine.initialState(g.length);
      float[][] expected = engine.step(g, state, 1);
      CoordinateLayout layout = CoordinateLayout.of(1, TENSORS);
      Map<String, Tensor> inputs = new HashMap<>();
      try {
        inputs.put("gradient", Tensors.floats(g, g.length));
        inputs.put("step", Tensors.floats(new float[] {1f}));
        for (int i = 0; i < engine.slots().size(); i++) {
          StateSlot s = engine.slots().get(i);
          inputs.put("state_" + s.name(),
              Tensors.floats(state[i], s.width(), layout.columns(s.scope())));
        }
        try (Result r = model.function(UpdateProgram.SIGNATURE_KEY).call(inputs)) {
          assertThat(TrainedOptimizerTest.bits(Tensors.toFloats(r.get("update").orElseThrow())))
              .containsExactly(TrainedOptimizerTest.bits(expected[0]));
          for (int i = 0; i < engine.slots().size(); i++) {
            String name = "state_" + engine.slots().get(i).name();
            assertThat(TrainedOptimizerTest.bits(Tensors.toFloats(r.get(name).orElseThrow())))
                .as(name).containsExactly(TrainedOptimizerTest.bits(expected[1 + i]));
          }
        }
      } finally {
        inputs.values().forEach(Tensor::close);
      }
    }
  }

  @Test
  void withoutRecordedTensorsTheSavedModelIsBuiltForMlpOrig() {
    assertThat(TrainedOptimizer.untrained(LearnedOptimizerConfig.scale(), 1).exportTensorSizes())
        .containsExactly(15680, 20, 200, 10);
    assertThat(TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 1).exportTensorSizes())
        .isNull();
  }
}
