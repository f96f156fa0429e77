package org.l2o.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.l2o.engine.problem.RunSeeds;
import org.l2o.engine.program.SavedModelExport;
import org.l2o.engine.rule.LearnedRule;
import org.l2o.engine.rule.ScaleRule;
import org.l2o.engine.rule.WeightLayout;

/**
 * A learned optimizer's architecture and weights: what meta-training produces and evaluation
 * consumes.
 *
 * <p>On disk ({@link #save}): {@code weights.f32}, the raw little-endian float32 weights in the
 * order of {@code config.json}'s {@code layout}; {@code config.json}, the architecture, the
 * layout and the training parameters, enough to rebuild the network without TF; and
 * {@code saved_model/}, a TF SavedModel of the inference step (inputs {@code gradient},
 * {@code step} and the state; outputs {@code update} and the new state). {@link #load} reads the
 * first two, so loading needs no TF and reproduces the weights bit for bit.
 */
public final class TrainedOptimizer {

  public static final String WEIGHTS_FILE = "weights.f32";
  public static final String CONFIG_FILE = "config.json";
  public static final String SAVED_MODEL_DIR = "saved_model";
  public static final String FORMAT = "l2o-learned-optimizer";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final long INIT_SALT = 0x5EEDL;

  private final LearnedOptimizerConfig config;
  private final float[] weights;
  private final Map<String, Object> training;

  /**
   * @param training free-form training parameters recorded in {@code config.json} (may be empty)
   */
  public TrainedOptimizer(
      LearnedOptimizerConfig config, float[] weights, Map<String, Object> training) {
    int expected = WeightLayout.of(config).size();
    if (weights.length != expected) {
      throw new IllegalArgumentException(
          config + " has " + expected + " weights, got " + weights.length);
    }
    this.config = config;
    this.weights = weights.clone();
    this.training =
        Collections.unmodifiableMap(new LinkedHashMap<>(training == null ? Map.of() : training));
  }

  /** A fresh network with Sonnet's default init, drawn from {@code seed}. */
  public static TrainedOptimizer untrained(LearnedOptimizerConfig cfg, long seed) {
    float[] w = WeightLayout.of(cfg).initialize(new Random(RunSeeds.mix(seed, INIT_SALT)));
    return new TrainedOptimizer(cfg, w, Map.of("untrained_seed", seed));
  }

  public LearnedOptimizerConfig config() {
    return config;
  }

  /** A copy of the weights. */
  public float[] weights() {
    return weights.clone();
  }

  /** The training parameters recorded with the weights. */
  public Map<String, Object> training() {
    return training;
  }

  /** The same weights with other training metadata. */
  public TrainedOptimizer withTraining(Map<String, Object> newTraining) {
    return new TrainedOptimizer(config, weights, newTraining);
  }

  /** The update rule for the engine's graphs. */
  public LearnedRule rule() {
    return LearnedRule.of(config, weights);
  }

  /**
   * Key of the training metadata holding the training problem's tensor sizes; L2O-Scale's
   * SavedModel is built for them.
   */
  public static final String TENSOR_SIZES_KEY = "tensor_sizes";

  /**
   * The tensors the exported inference step is built for: null (any coordinates) for a
   * coordinatewise optimizer; for L2O-Scale the training problem's tensors as recorded under
   * {@value #TENSOR_SIZES_KEY}, else MLP-orig's.
   */
  public int[] exportTensorSizes() {
    if (!config.isScale()) {
      return null;
    }
    Object t = training.get(TENSOR_SIZES_KEY);
    if (t instanceof java.util.List<?> list && !list.isEmpty()) {
      return list.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }
    return ScaleRule.MLP_ORIG_TENSORS.clone();
  }

  /** Writes weights.f32, config.json and saved_model/ into {@code dir} (created if missing). */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    ByteBuffer buf = ByteBuffer.allocate(4 * weights.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(weights);
    Files.write(dir.resolve(WEIGHTS_FILE), buf.array());
    JSON.writeValue(dir.resolve(CONFIG_FILE).toFile(), configJson());
    SavedModelExport.export(this, dir.resolve(SAVED_MODEL_DIR));
  }

  /** Reads a directory written by {@link #save} (weights.f32 and config.json; TF not needed). */
  public static TrainedOptimizer load(Path dir) throws IOException {
    Path cfgFile = dir.resolve(CONFIG_FILE);
    Path wFile = dir.resolve(WEIGHTS_FILE);
    JsonNode root;
    try {
      root = JSON.readTree(cfgFile.toFile());
    } catch (IOException e) {
      throw new IOException(
          "cannot read learned optimizer config " + cfgFile + ": " + e.getMessage()
              + "; expected a directory written by TrainedOptimizer.save", e);
    }
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IOException(
          cfgFile + " is not a learned optimizer config (format '" + root.path("format").asText()
              + "', expected '" + FORMAT + "')");
    }
    LearnedOptimizerConfig cfg =
        new LearnedOptimizerConfig(
            root.path("architecture").asText(),
            root.path("layers").asInt(),
            root.path("hidden").asInt(),
            root.path("preproc_k").asDouble(),
            root.path("output_scale").asDouble());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(wFile);
    } catch (NoSuchFileException e) {
      throw new IOException("missing weights file " + wFile + " beside " + cfgFile, e);
    }
    int expected = WeightLayout.of(cfg).size();
    if (bytes.length != 4 * expected) {
      throw new IOException(
          wFile + " holds " + bytes.length + " bytes; " + cfg + " needs " + expected
              + " float32 weights (" + 4 * expected + " bytes)");
    }
    float[] w = new float[expected];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(w);
    Map<String, Object> training = new LinkedHashMap<>();
    JsonNode t = root.path("training");
    if (t.isObject()) {
      training.putAll(JSON.convertValue(t, Map.class));
    }
    return new TrainedOptimizer(cfg, w, training);
  }

  private ObjectNode configJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", FORMAT_VERSION);
    root.put("architecture", config.architecture());
    root.put("layers", config.layers());
    root.put("hidden", config.hidden());
    root.put("preproc_k", config.preprocK());
    root.put("output_scale", config.outputScale());
    root.put("weights_file", WEIGHTS_FILE);
    root.put("dtype", "float32");
    root.put("byte_order", "little-endian");
    root.put("weight_count", weights.length);
    if (config.isScale()) {
      ObjectNode h = root.putObject("hierarchical_rnn");
      h.put("levels", "per-parameter 10, per-tensor 20, global 20");
      h.put("cell", "[r|u] = sigmoid([x, h] W_g + c_g + bias_ru); c = tanh([x, r*h] W_c + c_c + "
          + "bias_c); h' = u*h + (1-u)*c; injected bias split [r|u|c]");
      h.put("features", "s_1..4, s_1*s_2, s_2*s_3, s_3*s_4, q_1..4, relative log-lr");
      ArrayNode sizes = h.putArray("saved_model_tensor_sizes");
      for (int n : exportTensorSizes()) {
        sizes.add(n);
      }
    } else {
      ObjectNode lstm = root.putObject("lstm");
      lstm.put("gates", "i,j,f,o");
      lstm.put("forget_bias", LearnedRule.FORGET_BIAS);
      lstm.put("cell", "c' = sigmoid(f + forget_bias) * c + sigmoid(i) * tanh(j); h' = tanh(c') * sigmoid(o)");
    }
    ArrayNode layout = root.putArray("layout");
    for (WeightLayout.Block b : WeightLayout.of(config).blocks()) {
      ObjectNode n = layout.addObject();
      n.put("name", b.name());
      ArrayNode shape = n.putArray("shape");
      if (b.bias()) {
        shape.add(b.cols());
      } else {
        shape.add(b.rows()).add(b.cols());
      }
      n.put("offset", b.offset());
    }
    root.set("training", JSON.valueToTree(training));
    return root;
  }

  @Override
  public String toString() {
    return "TrainedOptimizer[" + config + ", " + weights.length + " weights, training=" + training
        + "]";
  }
}
