package org.l2o.stages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.tracking.ModelRegistry;
import org.l2o.tracking.TrackingUnavailableException;

/**
 * Param {@code trained}: a trained optimizer registered in MLflow's model registry
 * ({@code models:/<name>/<version>}), fetched from the tracking server named by
 * {@code MLFLOW_TRACKING_URI} into a temporary folder and loaded from its {@code l2o} flavor
 * (weights.f32 + config.json).
 */
final class RegisteredOptimizer {
  private RegisteredOptimizer() {}

  /** Loads the optimizer {@code uri} names; {@code meta} receives where it came from. */
  static TrainedOptimizer fetch(String uri, Map<String, String> env, Map<String, String> meta) throws IOException {
    String what = "param 'trained' = " + uri;
    ModelRegistry.VersionRef version;
    ModelRegistry registry;
    try {
      registry = ModelRegistry.fromEnvironment(env, what);
      version = registry.resolve(uri);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new StageException("evaluate: " + e.getMessage(), 2, e);
    } catch (TrackingUnavailableException e) {
      throw new StageException("evaluate: " + what + ": " + e.getMessage(), 1, e);
    }
    Path dir = Files.createTempDirectory("l2o-registered-");
    try {
      registry.download(version, dir);
      TrainedOptimizer t;
      try {
        t = TrainedOptimizer.load(dir);
      } catch (IOException e) {
        throw new StageException("evaluate: " + what + " (files at " + version.downloadUri()
            + ") is not an l2o trained optimizer: " + e.getMessage(), 2, e);
      }
      meta.put("trained_model", version.uri());
      meta.put("trained_model_source", String.valueOf(version.downloadUri()));
      if (version.runId() != null) {
        meta.put("trained_run_id", version.runId());
      }
      return t;
    } catch (TrackingUnavailableException e) {
      throw new StageException("evaluate: " + what + ": " + e.getMessage(), 1, e);
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
