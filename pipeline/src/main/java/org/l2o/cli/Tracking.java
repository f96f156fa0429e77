package org.l2o.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.l2o.params.ResolvedParams;
import org.l2o.runner.RunTracking;

/** Chooses the run's tracking backend. */
final class Tracking {
  private Tracking() {}

  static RunTracking open(Path outDir, ResolvedParams params, PrintStream out) {
    // Wired to MLflow once the tracking module lands (issue 3).
    return RunTracking.NONE;
  }
}
