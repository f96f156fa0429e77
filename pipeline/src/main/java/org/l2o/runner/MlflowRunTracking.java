package org.l2o.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.l2o.env.EnvironmentInfo;
import org.l2o.params.ResolvedParams;
import org.l2o.provenance.ToolVersion;
import org.l2o.tracking.RecordedRun;
import org.l2o.tracking.RunStatus;
import org.l2o.tracking.Tags;
import org.l2o.tracking.Tracker;
import org.l2o.tracking.TrackingSession;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import org.l2o.protocol.StageProtocol;

/**
 * A pipeline run's MLflow tracking: one parent run per {@code l2o run}, whose stage processes log
 * child runs (they get the parent's id through their environment). Without
 * {@code MLFLOW_TRACKING_URI}, it starts the embedded MLflow-compatible server on loopback over
 * {@code <outdir>/mlruns} for the length of the run.
 */
public final class MlflowRunTracking implements RunTracking {

  static final String RUN_ID_FILE = "mlflow_run_id";
  static final String CACHED_FROM_RUN = Tags.CACHED_FROM_RUN;
  /** The command as typed; the source tags hold it without paths, which the UI would cut at. */
  static final String COMMAND_TAG = Tags.COMMAND;
  private static final int MAX_COMMAND_CHARS = 5000;

  private final EmbeddedMlflowServer server;
  private final TrackingSession session;
  private final Tracker parent;
  private final ResolvedParams params;
  private final EnvironmentInfo env;

  private MlflowRunTracking(EmbeddedMlflowServer server, TrackingSession session, Tracker parent,
      ResolvedParams params, EnvironmentInfo env) {
    this.server = server;
    this.session = session;
    this.parent = parent;
    this.params = params;
    this.env = env;
  }

  /**
   * Connects to {@code MLFLOW_TRACKING_URI}, or starts the embedded server, and opens the parent
   * run with every resolved param and the environment as tags.
   */
  public static MlflowRunTracking open(Path outDir, ResolvedParams params, EnvironmentInfo env,
      Map<String, String> sysEnv, String commandLine, PrintStream out) throws IOException {
    String uri = sysEnv.get(TrackingSession.ENV_TRACKING_URI);
    EmbeddedMlflowServer server = null;
    TrackingSession session;
    if (uri == null || uri.isBlank()) {
      server = EmbeddedMlflowServer.start(EmbeddedMlflowServer.HOST_DEFAULT, 0, outDir.resolve("mlruns"));
      out.println("MLflow: embedded tracking server at " + server.uri() + " (store "
          + server.store() + "; set MLFLOW_TRACKING_URI to use your own server)");
      session = TrackingSession.connect(server.uri(), experimentName(sysEnv));
    } else {
      session = TrackingSession.connect(java.net.URI.create(uri.trim()), experimentName(sysEnv));
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Map<String, String> tags = new LinkedHashMap<>(env.asTags());
    tags.put(Tags.PROFILE, params.getString("profile"));
    tags.put(Tags.TOOL_VERSION, ToolVersion.current());
    tags.putAll(Tags.source("l2o run --profile " + params.getString("profile"), EnvironmentInfo.known(env.get(EnvironmentInfo.GIT_COMMIT))));
    if (commandLine != null && !commandLine.isBlank()) {
      tags.put(COMMAND_TAG, commandLine.length() <= MAX_COMMAND_CHARS ? commandLine
          : commandLine.substring(0, MAX_COMMAND_CHARS - 3) + "...");
    }
    Path spool = outDir.resolve(".l2o").resolve("spool").resolve(stamp);
    Tracker parent = session.startRun("l2o-" + params.getString("profile") + "-" + stamp, null, tags, spool);
    parent.logParams(params.asStrings());
    parent.flush();
    return new MlflowRunTracking(server, session, parent, params, env);
  }

  private static String experimentName(Map<String, String> sysEnv) {
    String name = sysEnv.get(TrackingSession.ENV_EXPERIMENT_NAME);
    return name == null || name.isBlank() ? TrackingSession.EXPERIMENT_NAME_DEFAULT : name.trim();
  }

  @Override
  public Map<String, String> childEnvironment(TaskPlan task, String key, WorkFolder work) {
    Map<String, String> e = new LinkedHashMap<>(session.childEnvironment(parent.runId()));
    e.put(StageProtocol.RUN_ID_FILE_ENV, work.dir().resolve(RUN_ID_FILE).toString());
    e.put(StageProtocol.SPOOL_DIR_ENV, work.spool().toString());
    e.put(StageProtocol.TASK_KEY_ENV, key);
    return e;
  }

  @Override
  public void taskCached(TaskPlan task, String key, WorkFolder work) {
    Map<String, String> tags = new LinkedHashMap<>(env.asTags());
    tags.put(Tags.STAGE, task.stage());
    tags.put(Tags.TASK, task.name());
    tags.put(Tags.CACHE, Tags.CACHE_HIT);
    tags.put(Tags.CACHE_KEY, key);
    tags.putAll(Tags.source("l2o stage " + task.stage(), EnvironmentInfo.known(env.get(EnvironmentInfo.GIT_COMMIT))));
    String computedBy = null;
    try {
      Path id = work.dir().resolve(RUN_ID_FILE);
      if (Files.exists(id)) {
        computedBy = Files.readString(id).trim();
        // The run that computed this result holds its metric histories and artifacts.
        tags.put(CACHED_FROM_RUN, computedBy);
      }
    } catch (IOException ignored) {
      // the link is a convenience; the cache hit is still recorded
    }
    // Repeat the computing run's params and latest metrics, so that the compare view lines this
    // run's variants up with freshly computed ones; the task's own params win where they differ.
    Optional<RecordedRun> computed = session.recordedRun(computedBy);
    Map<String, String> params = new LinkedHashMap<>(computed.map(RecordedRun::params).orElse(Map.of()));
    params.putAll(task.params().asStrings());
    Tracker child = session.startRun(task.name(), parent.runId(), tags, work.spool());
    child.logParams(params);
    computed.ifPresent(c -> c.metrics().forEach(m -> child.logMetric(m.key(), m.value(), m.step())));
    child.end(RunStatus.FINISHED);
  }

  @Override
  public void runFinished(TaskStatus outcome, Path resultsDir) {
    Path plot = resultsDir.resolve("plot");
    if (outcome == TaskStatus.COMPLETED && Files.isDirectory(plot)) {
      parent.logArtifacts(plot, "report");
    }
    parent.end(switch (outcome) {
      case COMPLETED, CACHED -> RunStatus.FINISHED;
      case FAILED -> RunStatus.FAILED;
      case ABORTED -> RunStatus.KILLED;
    });
  }

  @Override
  public String describe() {
    return "MLflow: experiment '" + session.experimentId() + "' at " + session.trackingUri()
        + ", parent run " + parent.runId();
  }

  @Override
  public void close() {
    parent.end(RunStatus.FINISHED);
    session.close();
    if (server != null) {
      server.close();
    }
  }
}
