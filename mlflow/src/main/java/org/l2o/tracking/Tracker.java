package org.l2o.tracking;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a task reports params, metrics, tags and artifacts: one tracked run.
 *
 * <p>Implementations never fail the caller because the tracking backend is unreachable: they
 * buffer, spool to disk and warn instead. Metrics may be buffered until {@link #flush()} or
 * {@link #end(RunStatus)}.
 */
public interface Tracker extends AutoCloseable {

  /** The run id, or {@code null} for a tracker that records nothing. */
  String runId();

  void logParam(String key, String value);

  default void logParams(Map<String, ?> params) {
    params.forEach((k, v) -> logParam(k, String.valueOf(v)));
  }

  /** Records one metric value at a step; may be buffered. */
  void logMetric(String key, double value, long step);

  void setTag(String key, String value);

  /** Uploads one file under {@code artifactDir} ("" for the run's artifact root). */
  void logArtifact(Path file, String artifactDir);

  /** Uploads a directory tree under {@code artifactDir} ("" for the run's artifact root). */
  void logArtifacts(Path dir, String artifactDir);

  /** Sends everything buffered so far. */
  void flush();

  /** Flushes, then marks the run ended with the given status. Idempotent. */
  void end(RunStatus status);

  /** Ends the run as FINISHED unless {@link #end(RunStatus)} was already called. */
  @Override
  default void close() {
    end(RunStatus.FINISHED);
  }

  /** A tracker that records nothing, for tests and for runs with tracking switched off. */
  Tracker NOOP =
      new Tracker() {
        @Override
        public String runId() {
          return null;
        }

        @Override
        public void logParam(String key, String value) {}

        @Override
        public void logMetric(String key, double value, long step) {}

        @Override
        public void setTag(String key, String value) {}

        @Override
        public void logArtifact(Path file, String artifactDir) {}

        @Override
        public void logArtifacts(Path dir, String artifactDir) {}

        @Override
        public void flush() {}

        @Override
        public void end(RunStatus status) {}
      };
}
