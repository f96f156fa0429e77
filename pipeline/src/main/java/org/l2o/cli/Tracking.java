package org.l2o.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.l2o.env.EnvironmentCapture;
import org.l2o.params.ResolvedParams;
import org.l2o.runner.MlflowRunTracking;
import org.l2o.runner.RunTracking;

/** Chooses the run's tracking backend: MLflow, at MLFLOW_TRACKING_URI or embedded. */
final class Tracking {
  private Tracking() {}

  static RunTracking open(Path outDir, ResolvedParams params, String commandLine, PrintStream out)
      throws IOException {
    return MlflowRunTracking.open(outDir, params, EnvironmentCapture.capture(Installation.gitDir(), false),
        System.getenv(), commandLine, out);
  }
}
