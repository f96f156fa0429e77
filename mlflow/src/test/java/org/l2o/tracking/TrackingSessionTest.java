package org.l2o.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;

/** The API the pipeline calls, against the embedded server, checked through the MLflow client. */
class TrackingSessionTest {
  @TempDir Path tmp;
  private EmbeddedMlflowServer server;
  private MlflowClient client;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private TrackingOptions options;

  @BeforeEach
  void start() {
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, tmp.resolve("mlruns"));
    client = new MlflowClient(server.uri().toString());
    options = TrackingOptions.defaults().withWarnings(warnings::add);
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private TrackingSession connect(String name) {
    return TrackingSession.connect(server.uri(), name, TrackingCredentials.none(), options);
  }

  @Test
  void connectCreatesTheExperimentOnceAndThenReusesIt() {
    String first;
    try (TrackingSession s = connect("pipeline")) {
      first = s.experimentId();
      assertThat(s.enabled()).isTrue();
      assertThat(s.trackingUri()).isEqualTo(server.uri());
    }
    try (TrackingSession s = connect("pipeline")) {
      assertThat(s.experimentId()).isEqualTo(first);
    }
    assertThat(client.searchExperiments("name = 'pipeline'").getItems()).hasSize(1);
  }

  @Test
  void childRunsNestUnderTheParentAndEndWithTheirStatus() {
    try (TrackingSession s = connect("nest")) {
      Tracker parent = s.startRun("l2o run", null, Map.of(Tags.PROFILE, "smoke"), tmp);
      Tracker ok = s.startRun("evaluate dm mlp", parent.runId(),
          Map.of(Tags.STAGE, "evaluate", Tags.CACHE, Tags.CACHE_MISS), tmp.resolve("t1"));
      Tracker failed = s.startRun("train dm-il", parent.runId(), Map.of(Tags.STAGE, "train-imitation"), tmp.resolve("t2"));
      Tracker killed = s.startRun("train dm-cl", parent.runId(), Map.of(), tmp.resolve("t3"));
      ok.close();
      failed.end(RunStatus.FAILED);
      failed.end(RunStatus.FINISHED); // idempotent: the first status stays
      killed.end(RunStatus.KILLED);
      parent.end(RunStatus.FINISHED);

      List<Run> children = client.searchRuns(List.of(s.experimentId()),
          "tags.mlflow.parentRunId = '" + parent.runId() + "'", ViewType.ACTIVE_ONLY, 10).getItems();
      Map<String, String> statusByName = children.stream()
          .collect(Collectors.toMap(r -> r.getInfo().getRunName(), r -> r.getInfo().getStatus().name()));
      assertThat(statusByName).containsExactlyInAnyOrderEntriesOf(Map.of(
          "evaluate dm mlp", "FINISHED", "train dm-il", "FAILED", "train dm-cl", "KILLED"));
      Run okRun = client.getRun(ok.runId());
      assertThat(tags(okRun)).containsEntry(Tags.STAGE, "evaluate").containsEntry(Tags.CACHE, "miss")
          .containsEntry(Tags.RUN_NAME, "evaluate dm mlp").containsEntry(Tags.PARENT_RUN_ID, parent.runId());
      assertThat(tags(client.getRun(parent.runId()))).containsEntry(Tags.PROFILE, "smoke")
          .doesNotContainKey(Tags.PARENT_RUN_ID);
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void paramsMetricsAndTagsArriveInBatchesWithinMlflowLimits() {
    try (TrackingSession s = connect("batches")) {
      Tracker t = s.startRun("many", null, Map.of(), tmp.resolve("spool"));
      for (int i = 0; i < 150; i++) {
        t.logParam("p" + i, Integer.toString(i));
      }
      t.logParams(Map.of("lr", 0.001, "unroll", 20));
      t.setTag("l2o.env.jdk", "17");
      for (int step = 0; step < 2500; step++) {
        t.logMetric("meta_loss", 1.0 / (step + 1), step);
      }
      t.logMetric("final_log_loss/mlp-orig", 0.25, 0);
      t.close();
      Run run = client.getRun(t.runId());
      assertThat(run.getData().getParamsCount()).isEqualTo(152);
      assertThat(tags(run)).containsEntry("l2o.env.jdk", "17");
      List<Metric> h = client.getMetricHistory(t.runId(), "meta_loss");
      assertThat(h).hasSize(2500);
      for (Metric m : h) {
        assertThat(m.getValue()).isEqualTo(1.0 / (m.getStep() + 1));
      }
      assertThat(client.getMetricHistory(t.runId(), "final_log_loss/mlp-orig")).extracting(Metric::getValue)
          .containsExactly(0.25);
      assertThat(run.getInfo().getStatus().name()).isEqualTo("FINISHED");
    }
    assertThat(warnings).isEmpty();
    assertThat(tmp.resolve("spool")).doesNotExist();
  }

  @Test
  void callerMistakesAreIllegalArguments() {
    try (TrackingSession s = connect("mistakes")) {
      Tracker t = s.startRun("r", null, Map.of(), tmp);
      t.logParam("lr", "0.1");
      t.logParam("lr", "0.1");
      assertThatThrownBy(() -> t.logParam("lr", "0.2")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'lr'").hasMessageContaining("0.1").hasMessageContaining("0.2");
      assertThatThrownBy(() -> t.logArtifact(tmp.resolve("missing.bin"), "")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> t.logArtifacts(tmp, "../up")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.startRun(" ", null, Map.of(), tmp)).isInstanceOf(IllegalArgumentException.class);
      t.close();
    }
  }

  @Test
  void artifactsGoThroughTheProxyIntoTheStore() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out/model"));
    Files.writeString(out.resolve("config.json"), "{\"hidden\":20}");
    Files.write(out.resolve("weights.bin"), new byte[] {9, 8, 7});
    Path report = Files.writeString(tmp.resolve("report.md"), "# Report");
    try (TrackingSession s = connect("artifacts")) {
      Tracker t = s.startRun("plot", null, Map.of(), tmp.resolve("spool"));
      t.logArtifacts(tmp.resolve("out"), "optimizer");
      t.logArtifact(report, "");
      t.close();
      Path runArtifacts = tmp.resolve("mlruns").resolve(s.experimentId()).resolve(t.runId()).resolve("artifacts");
      assertThat(runArtifacts.resolve("optimizer/model/config.json")).hasContent("{\"hidden\":20}");
      assertThat(Files.readAllBytes(runArtifacts.resolve("optimizer/model/weights.bin"))).containsExactly(9, 8, 7);
      assertThat(runArtifacts.resolve("report.md")).hasContent("# Report");
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void environmentWithoutTrackingUriGivesADisabledSession() {
    try (TrackingSession s = TrackingSession.fromEnvironment(Map.of(), options)) {
      assertThat(s.enabled()).isFalse();
      assertThat(s.startRun("x", null, Map.of(), tmp)).isSameAs(Tracker.NOOP);
      assertThat(s.childEnvironment("p")).isEmpty();
    }
  }

  @Test
  void childProcessEnvironmentRoundTrips() {
    try (TrackingSession parent = connect("env")) {
      Tracker run = parent.startRun("l2o run", null, Map.of(), tmp);
      Map<String, String> env = parent.childEnvironment(run.runId());
      assertThat(env).containsOnlyKeys(TrackingSession.ENV_TRACKING_URI, TrackingSession.ENV_EXPERIMENT_ID,
          TrackingSession.ENV_PARENT_RUN_ID);
      try (TrackingSession child = TrackingSession.fromEnvironment(env, options)) {
        assertThat(child.experimentId()).isEqualTo(parent.experimentId());
        assertThat(child.parentRunIdFromEnvironment()).contains(run.runId());
        Tracker t = child.startRun("stage", child.parentRunIdFromEnvironment().orElseThrow(), Map.of(), tmp.resolve("c"));
        t.close();
        assertThat(tags(client.getRun(t.runId()))).containsEntry(Tags.PARENT_RUN_ID, run.runId());
        Tracker attached = child.attachRun(t.runId(), tmp.resolve("c"));
        attached.logMetric("late", 1.0, 0);
        attached.flush();
        assertThat(client.getMetricHistory(t.runId(), "late")).hasSize(1);
      }
      run.close();
    }
    Map<String, String> byName = Map.of(TrackingSession.ENV_TRACKING_URI, server.uri().toString(),
        TrackingSession.ENV_EXPERIMENT_NAME, "from-env");
    try (TrackingSession s = TrackingSession.fromEnvironment(byName, options)) {
      assertThat(client.getExperiment(s.experimentId()).getName()).isEqualTo("from-env");
    }
  }

  @Test
  void unreachableServerAtConnectIsAClearError() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> TrackingSession.connect(nowhere, "x", TrackingCredentials.none(),
        options.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))))
        .isInstanceOf(TrackingUnavailableException.class)
        .hasMessageContaining(nowhere.toString()).hasMessageContaining("MLFLOW_TRACKING_URI");
    assertThatThrownBy(() -> TrackingSession.connect(URI.create("file:///tmp/mlruns"), "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
  }

  private static Map<String, String> tags(Run run) {
    return run.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
  }
}
