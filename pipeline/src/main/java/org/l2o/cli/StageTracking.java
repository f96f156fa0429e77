package org.l2o.cli;

import java.nio.file.Path;
import org.l2o.params.ResolvedParams;
import org.l2o.stages.Stage;
import org.l2o.tracking.Tracker;

/** The tracked run of one stage process, from the environment the runner or Nextflow set. */
final class StageTracking {
  private StageTracking() {}

  static Tracker open(Stage stage, String taskName, ResolvedParams params, Path out) {
    // Wired to MLflow once the tracking module lands (issue 3).
    return Tracker.NOOP;
  }
}
