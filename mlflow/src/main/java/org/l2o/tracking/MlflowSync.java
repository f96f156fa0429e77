package org.l2o.tracking;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code l2o mlflow sync <spool-dir>}: replays every spool file under a folder to a tracking
 * server, exactly once (see {@link SpoolReplayer}), and renames each replayed file
 * {@code .jsonl.done}.
 */
public final class MlflowSync {
  private MlflowSync() {}

  /** Replays with credentials from the environment; returns the number of items sent. */
  public static int replay(URI trackingUri, Path spoolDir) {
    return replay(trackingUri, spoolDir, TrackingCredentials.fromEnvironment(System.getenv()),
        TrackingOptions.defaults());
  }

  /**
   * @throws IllegalArgumentException if {@code spoolDir} does not exist
   * @throws TrackingUnavailableException if the server cannot be reached; files replayed before
   *     the failure stay replayed, the rest stay pending
   */
  public static int replay(URI trackingUri, Path spoolDir, TrackingCredentials creds, TrackingOptions options) {
    List<Spool> spools = Spool.find(spoolDir);
    if (spools.isEmpty()) {
      return 0;
    }
    try (TrackingConnection conn = new TrackingConnection(trackingUri, creds, options)) {
      SpoolReplayer replayer = new SpoolReplayer(conn, options.warnings());
      int items = 0;
      int done = 0;
      try {
        // Runs first, so a child's parent-run tag can point at a parent created from its own spool.
        for (Spool s : spools) {
          replayer.createRuns(s);
        }
        for (Spool s : spools) {
          items += replayer.replay(s);
          done++;
        }
      } catch (TransportFailure f) {
        throw new TrackingUnavailableException("tracking: sync to " + trackingUri + " stopped: " + f.getMessage()
            + "; " + done + " of " + spools.size() + " spool files replayed, the rest are kept under " + spoolDir
            + "; run the sync again once the server is reachable", f);
      }
      return items;
    }
  }
}
