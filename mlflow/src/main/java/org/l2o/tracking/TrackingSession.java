package org.l2o.tracking;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's link to one MLflow experiment on one tracking server; hands out a
 * {@link Tracker} per run.
 *
 * <p>The runner connects once per pipeline ({@link #connect}), starts the parent run, and passes
 * {@link #childEnvironment} to each {@code l2o stage} process, which calls
 * {@link #fromEnvironment()} and starts its child run. A session made from an environment
 * without {@code MLFLOW_TRACKING_URI} is disabled: its trackers record nothing.
 */
public final class TrackingSession implements AutoCloseable {
  public static final String ENV_TRACKING_URI = "MLFLOW_TRACKING_URI";
  public static final String ENV_EXPERIMENT_NAME = "MLFLOW_EXPERIMENT_NAME";
  public static final String ENV_EXPERIMENT_ID = "L2O_MLFLOW_EXPERIMENT_ID";
  public static final String ENV_PARENT_RUN_ID = "L2O_MLFLOW_PARENT_RUN_ID";
  public static final String EXPERIMENT_NAME_DEFAULT = "l2o";

  private final TrackingConnection conn;
  private final String experimentId;
  private final String parentRunIdFromEnvironment;

  private TrackingSession(TrackingConnection conn, String experimentId, String parentRunIdFromEnvironment) {
    this.conn = conn;
    this.experimentId = experimentId;
    this.parentRunIdFromEnvironment = parentRunIdFromEnvironment;
  }

  /**
   * Connects to the server and finds (or creates) the experiment, with credentials from the
   * {@code MLFLOW_TRACKING_*} environment variables.
   *
   * @throws TrackingUnavailableException if the server cannot be reached
   */
  public static TrackingSession connect(URI trackingUri, String experimentName) {
    return connect(trackingUri, experimentName, TrackingCredentials.fromEnvironment(System.getenv()),
        TrackingOptions.defaults());
  }

  public static TrackingSession connect(URI trackingUri, String experimentName, TrackingCredentials creds,
      TrackingOptions options) {
    if (experimentName == null || experimentName.isBlank()) {
      throw new IllegalArgumentException("experiment name must be non-empty, got '" + experimentName + "'");
    }
    TrackingConnection conn = new TrackingConnection(trackingUri, creds, options);
    try {
      return new TrackingSession(conn, conn.experimentId(experimentName), null);
    } catch (TransportFailure f) {
      conn.close();
      throw unavailable(trackingUri, f);
    }
  }

  /**
   * A session on a known experiment id, without asking the server (it may be down right now:
   * runs are then created from the spool later).
   */
  public static TrackingSession forExperimentId(URI trackingUri, String experimentId, TrackingCredentials creds,
      TrackingOptions options) {
    if (experimentId == null || experimentId.isBlank()) {
      throw new IllegalArgumentException("experiment id must be non-empty, got '" + experimentId + "'");
    }
    return new TrackingSession(new TrackingConnection(trackingUri, creds, options), experimentId, null);
  }

  /** A session whose trackers record nothing. */
  public static TrackingSession disabled() {
    return new TrackingSession(null, null, null);
  }

  /** {@link #fromEnvironment(Map, TrackingOptions)} with this process's environment. */
  public static TrackingSession fromEnvironment() {
    return fromEnvironment(System.getenv(), TrackingOptions.defaults());
  }

  /**
   * The session a child process was handed: {@code MLFLOW_TRACKING_URI} (none: disabled),
   * {@code L2O_MLFLOW_EXPERIMENT_ID} (none: {@code MLFLOW_EXPERIMENT_NAME} or "l2o", looked up
   * or created on the server) and {@code L2O_MLFLOW_PARENT_RUN_ID}.
   */
  public static TrackingSession fromEnvironment(Map<String, String> env, TrackingOptions options) {
    String uri = env.get(ENV_TRACKING_URI);
    if (uri == null || uri.isBlank()) {
      return disabled();
    }
    URI trackingUri = URI.create(uri.trim());
    TrackingCredentials creds = TrackingCredentials.fromEnvironment(env);
    String parent = blankToNull(env.get(ENV_PARENT_RUN_ID));
    String id = blankToNull(env.get(ENV_EXPERIMENT_ID));
    if (id != null) {
      return new TrackingSession(new TrackingConnection(trackingUri, creds, options), id, parent);
    }
    String name = Optional.ofNullable(blankToNull(env.get(ENV_EXPERIMENT_NAME))).orElse(EXPERIMENT_NAME_DEFAULT);
    TrackingSession s = connect(trackingUri, name, creds, options);
    return new TrackingSession(s.conn, s.experimentId, parent);
  }

  public boolean enabled() {
    return conn != null;
  }

  /** The experiment id; null when disabled. */
  public String experimentId() {
    return experimentId;
  }

  /** The tracking server; null when disabled. */
  public URI trackingUri() {
    return conn == null ? null : conn.uri();
  }

  /** The parent run id this process was given in {@code L2O_MLFLOW_PARENT_RUN_ID}, if any. */
  public Optional<String> parentRunIdFromEnvironment() {
    return Optional.ofNullable(parentRunIdFromEnvironment);
  }

  /**
   * Creates a run and returns its tracker; {@code parentRunIdOrNull} nests it under a parent
   * run. {@code spoolDir} (e.g. the task's work folder) receives the spool file if the server is
   * unreachable. Never fails because the server is down.
   */
  public Tracker startRun(String runName, String parentRunIdOrNull, Map<String, String> tags, Path spoolDir) {
    if (conn == null) {
      return Tracker.NOOP;
    }
    Objects.requireNonNull(spoolDir, "spoolDir");
    if (runName == null || runName.isBlank()) {
      throw new IllegalArgumentException("run name must be non-empty, got '" + runName + "'");
    }
    Map<String, String> all = new LinkedHashMap<>(tags == null ? Map.of() : tags);
    all.put(Tags.RUN_NAME, runName);
    if (parentRunIdOrNull != null && !parentRunIdOrNull.isBlank()) {
      all.put(Tags.PARENT_RUN_ID, parentRunIdOrNull);
    }
    return MlflowTracker.start(conn, experimentId, runName, all, spoolDir);
  }

  /**
   * The params and latest metrics of a run on this server, or empty when tracking is off, the run
   * is unknown or the server cannot be reached: callers use it to enrich, never to decide.
   */
  public Optional<RecordedRun> recordedRun(String runId) {
    if (conn == null || runId == null || runId.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(conn.recordedRun(runId));
    } catch (TransportFailure f) {
      return Optional.empty();
    }
  }

  /** A tracker of a run created elsewhere (e.g. by the runner before it launched this process). */
  public Tracker attachRun(String runId, Path spoolDir) {
    if (conn == null) {
      return Tracker.NOOP;
    }
    if (runId == null || runId.isBlank()) {
      throw new IllegalArgumentException("run id must be non-empty, got '" + runId + "'");
    }
    return MlflowTracker.attach(conn, runId, Objects.requireNonNull(spoolDir, "spoolDir"));
  }

  /**
   * The variables a child {@code l2o stage} process needs to log into this experiment under
   * {@code parentRunId}. Credentials are not included: children inherit them from the
   * environment, and they must not end up in generated scripts.
   */
  public Map<String, String> childEnvironment(String parentRunId) {
    Map<String, String> env = new LinkedHashMap<>();
    if (conn == null) {
      return env;
    }
    env.put(ENV_TRACKING_URI, conn.uri().toString());
    env.put(ENV_EXPERIMENT_ID, experimentId);
    if (parentRunId != null && !parentRunId.isBlank()) {
      env.put(ENV_PARENT_RUN_ID, parentRunId);
    }
    return env;
  }

  @Override
  public void close() {
    if (conn != null) {
      conn.close();
    }
  }

  static TrackingUnavailableException unavailable(URI uri, TransportFailure f) {
    return new TrackingUnavailableException("tracking: cannot reach the MLflow server at " + uri + ": "
        + f.getMessage() + "; start it (l2o mlflow-server) or point " + ENV_TRACKING_URI
        + " at a running server, or unset it to use the embedded one", f);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return conn == null ? "TrackingSession{disabled}"
        : "TrackingSession{uri=" + conn.uri() + ", experimentId=" + experimentId + "}";
  }
}
