package org.l2o.stages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.program.UpdateProgram;
import org.l2o.engine.rule.CoordinateLayout;
import org.l2o.engine.rule.StateSlot;
import org.l2o.tracking.MlflowModel;
import org.l2o.tracking.MlflowModel.TensorSpec;
import org.l2o.tracking.Tags;
import org.l2o.tracking.Tracker;

/**
 * A trained optimizer's folder as an MLflow Model: the {@code tensorflow} flavor is its
 * SavedModel (a TF1-style graph: tag {@code serve}, signature {@code serving_default}, which
 * {@code mlflow.tensorflow.load_model} opens as model_type {@code tf1-estimator}); the {@code l2o}
 * flavor is {@code weights.f32} + {@code config.json}, which {@link TrainedOptimizer#load} reads
 * without TF. The signature is the SavedModel's: one optimizer step on N coordinates.
 *
 * <p>The MLmodel names the run it was logged to, so it is written to the run's artifacts only,
 * never into the task's output folder: that stays bit-identical across reruns, which keeps
 * downstream tasks cached.
 */
final class OptimizerMlflowModel {
  static final String L2O_FLAVOR = "l2o";

  private OptimizerMlflowModel() {}

  /** The model of {@code optimizer}, saved in {@code dir}, logged under {@code artifactPath}. */
  static MlflowModel of(TrainedOptimizer optimizer, Path dir, String artifactPath, String runId) throws IOException {
    Map<String, Object> tf = new LinkedHashMap<>();
    tf.put("code", null);
    tf.put("meta_graph_tags", List.of("serve"));
    tf.put("model_type", "tf1-estimator");
    tf.put("saved_model_dir", TrainedOptimizer.SAVED_MODEL_DIR);
    tf.put("signature_def_key", UpdateProgram.SIGNATURE_KEY);
    Map<String, Object> l2o = new LinkedHashMap<>();
    l2o.put("format", TrainedOptimizer.FORMAT);
    l2o.put("format_version", TrainedOptimizer.FORMAT_VERSION);
    l2o.put("weights", TrainedOptimizer.WEIGHTS_FILE);
    l2o.put("weights_dtype", "float32");
    l2o.put("weights_byte_order", "little-endian");
    l2o.put("config", TrainedOptimizer.CONFIG_FILE);
    l2o.put("architecture", optimizer.config().architecture());
    l2o.put("variant", String.valueOf(optimizer.training().getOrDefault("variant", "")));
    l2o.put("loader", "org.l2o.engine.TrainedOptimizer.load");
    MlflowModel.Builder b = MlflowModel.builder(artifactPath).runId(runId)
        .flavor("tensorflow", tf).flavor(L2O_FLAVOR, l2o).modelSizeBytes(sizeOf(dir));
    List<StateSlot> slots = optimizer.rule().stateSlots();
    // A coordinatewise optimizer's step takes any number of coordinates; L2O-Scale's SavedModel
    // is built for one run of fixed tensors, so its shapes are fixed too.
    int[] tensors = optimizer.exportTensorSizes();
    CoordinateLayout layout = tensors == null ? null : CoordinateLayout.of(1, tensors);
    long n = layout == null ? -1L : layout.coordinates();
    b.input(new TensorSpec("gradient", "float32", List.of(n)));
    b.input(new TensorSpec("step", "float32", List.of()));
    for (StateSlot s : slots) {
      b.input(new TensorSpec("state_" + s.name(), "float32", List.of((long) s.width(), columns(layout, s))));
    }
    b.output(new TensorSpec("update", "float32", List.of(n)));
    for (StateSlot s : slots) {
      b.output(new TensorSpec("state_" + s.name(), "float32", List.of((long) s.width(), columns(layout, s))));
    }
    return b.build();
  }

  private static long columns(CoordinateLayout layout, StateSlot s) {
    return layout == null ? -1L : layout.columns(s.scope());
  }

  /**
   * Uploads {@code artifactPath/MLmodel} beside the optimizer's files already logged there, and
   * sets the run tag through which the MLflow UI lists the run's models. Nothing without a run.
   */
  static void log(Tracker tracker, TrainedOptimizer optimizer, Path dir, String artifactPath) throws IOException {
    if (tracker.runId() == null) {
      return;
    }
    MlflowModel model = of(optimizer, dir, artifactPath, tracker.runId());
    Path staging = Files.createTempDirectory("l2o-mlmodel-");
    Path file = model.writeTo(staging);
    // Kept until the JVM exits: a tracker that spools while the server is down uploads it later.
    staging.toFile().deleteOnExit();
    file.toFile().deleteOnExit();
    tracker.logArtifact(file, artifactPath);
    tracker.setTag(Tags.LOGGED_MODELS, MlflowModel.history(List.of(model)));
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      long total = 0;
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        total += Files.size(p);
      }
      return total;
    }
  }
}
