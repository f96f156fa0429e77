package org.l2o.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;

/**
 * The tracking server goes away mid-run: the task goes on, what it logs is spooled with a
 * warning, and after the server is back every metric is on it exactly once.
 */
class SpoolAndReplayTest {
  @TempDir Path tmp;
  private Path store;
  private Path spoolDir;
  private int port;
  private EmbeddedMlflowServer server;
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private TrackingOptions options;

  @BeforeEach
  void start() {
    store = tmp.resolve("mlruns");
    spoolDir = tmp.resolve("work/ab/12ef");
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
    port = server.port();
    // No back-off, so the first flush after the restart reaches the server.
    options = TrackingOptions.defaults().withWarnings(warnings::add).withRetryBackoff(Duration.ZERO, Duration.ZERO)
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void restartServer() {
    server = EmbeddedMlflowServer.start("127.0.0.1", port, store);
  }

  private void stopServer() {
    server.close();
    server = null;
  }

  private TrackingSession session() {
    return TrackingSession.connect(URI.create("http://127.0.0.1:" + port), "faults", TrackingCredentials.none(), options);
  }

  @Test
  void serverStoppedMidRunThenBackLeavesEveryMetricExactlyOnce() throws Exception {
    String runId;
    String experimentId;
    try (TrackingSession s = session()) {
      experimentId = s.experimentId();
      Tracker t = s.startRun("train dm", null, Map.of(Tags.STAGE, "train-baseline"), spoolDir);
      runId = t.runId();
      t.logParam("lr", "0.001");
      logSteps(t, 0, 100);
      t.flush();

      stopServer();
      logSteps(t, 100, 220);
      t.logParam("unroll", "20");
      t.setTag(Tags.CACHE, Tags.CACHE_MISS);
      t.flush();
      Path spool = spoolDir.resolve("mlflow-spool-" + runId + ".jsonl");
      assertThat(spool).exists();
      assertThat(warnings).anySatisfy(w -> assertThat(w)
          .startsWith("tracking: POST runs/log-batch failed: ")
          .contains("120 metrics, 1 params, 1 tags spooled to " + spool));
      logSteps(t, 220, 250);
      t.flush(); // still down: appended to the same spool

      restartServer();
      logSteps(t, 250, 300);
      t.end(RunStatus.FINISHED);
      assertThat(spool).doesNotExist();
      assertThat(spoolDir.resolve("mlflow-spool-" + runId + ".jsonl.done")).exists();
    }
    try (MlflowClient client = new MlflowClient(server.uri().toString())) {
      assertExactlyOnce(client.getMetricHistory(runId, "meta_loss"), 300);
      Run run = client.getRun(runId);
      assertThat(run.getInfo().getStatus().name()).isEqualTo("FINISHED");
      assertThat(run.getData().getParamsList()).extracting(p -> p.getKey() + "=" + p.getValue())
          .containsExactlyInAnyOrder("lr=0.001", "unroll=20");
      assertThat(client.searchRuns(List.of(experimentId), "", ViewType.ALL, 10).getItems()).hasSize(1);
    }
  }

  @Test
  void runEndedWhileServerDownIsFinishedBySync() throws Exception {
    String runId;
    Path report = Files.writeString(tmp.resolve("report.md"), "# spooled artifact");
    try (TrackingSession s = session()) {
      Tracker t = s.startRun("evaluate", null, Map.of(), spoolDir);
      runId = t.runId();
      logSteps(t, 0, 10);
      t.flush();
      stopServer();
      logSteps(t, 10, 40);
      t.logArtifact(report, "report");
      t.end(RunStatus.FAILED);
    }
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("not yet marked FAILED").contains("l2o mlflow sync"));
    restartServer();
    int replayed = MlflowSync.replay(server.uri(), tmp.resolve("work"), TrackingCredentials.none(), options);
    assertThat(replayed).isEqualTo(30 + 1 + 1); // metrics, the artifact, the status
    assertThat(MlflowSync.replay(server.uri(), tmp.resolve("work"), TrackingCredentials.none(), options)).isZero();
    try (MlflowClient client = new MlflowClient(server.uri().toString())) {
      assertExactlyOnce(client.getMetricHistory(runId, "meta_loss"), 40);
      Run run = client.getRun(runId);
      assertThat(run.getInfo().getStatus().name()).isEqualTo("FAILED");
      Path uploaded = store.resolve(run.getInfo().getExperimentId()).resolve(runId).resolve("artifacts/report/report.md");
      assertThat(uploaded).hasContent("# spooled artifact");
    }
  }

  @Test
  void replayInterruptedAfterSendingDoesNotDuplicate() throws Exception {
    String runId;
    try (TrackingSession s = session()) {
      Tracker t = s.startRun("r", null, Map.of(), spoolDir);
      runId = t.runId();
      stopServer();
      logSteps(t, 0, 1500);
      t.logParam("seed", "7");
      t.end(RunStatus.FINISHED);
    }
    Path spool = spoolDir.resolve("mlflow-spool-" + runId + ".jsonl");
    Path copy = tmp.resolve("spool-copy.jsonl");
    Files.copy(spool, copy);
    restartServer();
    assertThat(MlflowSync.replay(server.uri(), spoolDir, TrackingCredentials.none(), options)).isEqualTo(1500 + 1 + 1);
    // As if the first sync died after sending but before renaming the file: replay it again.
    Files.copy(copy, spool, StandardCopyOption.REPLACE_EXISTING);
    int again = MlflowSync.replay(server.uri(), spoolDir, TrackingCredentials.none(), options);
    assertThat(again).as("only the idempotent param and status are re-sent").isEqualTo(2);
    try (MlflowClient client = new MlflowClient(server.uri().toString())) {
      assertExactlyOnce(client.getMetricHistory(runId, "meta_loss"), 1500);
    }
  }

  @Test
  void runStartedWhileServerDownIsCreatedOnceFromTheSpool() throws Exception {
    String experimentId;
    String parentId;
    try (TrackingSession s = session()) {
      experimentId = s.experimentId();
      Tracker parent = s.startRun("l2o run", null, Map.of(), tmp.resolve("pipeline"));
      parentId = parent.runId();
      parent.close();
    }
    stopServer();
    Tracker t;
    try (TrackingSession s = TrackingSession.forExperimentId(URI.create("http://127.0.0.1:" + port), experimentId,
        TrackingCredentials.none(), options)) {
      t = s.startRun("fetch", parentId, Map.of(Tags.STAGE, "fetch"), spoolDir);
      assertThat(t.runId()).startsWith("pending-");
      logSteps(t, 0, 25);
      t.end(RunStatus.FINISHED);
    }
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("POST runs/create failed").contains("will be created from spool"));
    restartServer();
    List<Path> spools;
    try (Stream<Path> s = Files.list(spoolDir)) {
      spools = s.filter(p -> p.toString().endsWith(".jsonl")).toList();
    }
    Path copy = tmp.resolve("copy.jsonl");
    Files.copy(spools.get(0), copy);
    MlflowSync.replay(server.uri(), spoolDir, TrackingCredentials.none(), options);
    Files.copy(copy, spools.get(0), StandardCopyOption.REPLACE_EXISTING);
    MlflowSync.replay(server.uri(), spoolDir, TrackingCredentials.none(), options);
    try (MlflowClient client = new MlflowClient(server.uri().toString())) {
      List<Run> fetch = client.searchRuns(List.of(experimentId), "attributes.run_name = 'fetch'", ViewType.ALL, 10).getItems();
      assertThat(fetch).hasSize(1);
      Run run = fetch.get(0);
      assertThat(run.getInfo().getStatus().name()).isEqualTo("FINISHED");
      assertThat(run.getData().getTagsList()).anySatisfy(tag -> {
        assertThat(tag.getKey()).isEqualTo(Tags.PARENT_RUN_ID);
        assertThat(tag.getValue()).isEqualTo(parentId);
      });
      assertExactlyOnce(client.getMetricHistory(run.getInfo().getRunId(), "meta_loss"), 25);
    }
  }

  @Test
  void liveTrackerCreatesItsPendingRunWhenTheServerComesBack() throws Exception {
    stopServer();
    Tracker t;
    String experimentId = "0";
    try (TrackingSession s = TrackingSession.forExperimentId(URI.create("http://127.0.0.1:" + port), experimentId,
        TrackingCredentials.none(), options)) {
      t = s.startRun("late", null, Map.of(), spoolDir);
      logSteps(t, 0, 5);
      t.flush();
      restartServer();
      logSteps(t, 5, 10);
      t.flush();
      assertThat(t.runId()).doesNotStartWith("pending-").matches("[0-9a-f]{32}");
      t.close();
    }
    try (MlflowClient client = new MlflowClient(server.uri().toString())) {
      assertExactlyOnce(client.getMetricHistory(t.runId(), "meta_loss"), 10);
      assertThat(client.getRun(t.runId()).getInfo().getStatus().name()).isEqualTo("FINISHED");
    }
  }

  @Test
  void serverThatAcceptsButNeverAnswersIsTimedOutAndSpooled() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket s = silent.accept();
            held.add(s);
            InputStream in = s.getInputStream();
            in.read(new byte[8192]); // read the request, never answer
          }
        } catch (IOException ignored) {
          // socket closed at the end of the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      TrackingOptions quick = options.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
      try (TrackingSession s = TrackingSession.forExperimentId(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
          "0", TrackingCredentials.none(), quick)) {
        Tracker t = s.attachRun("0123456789abcdef0123456789abcdef", spoolDir);
        logSteps(t, 0, 3);
        t.flush();
        assertThat(spoolDir.resolve("mlflow-spool-0123456789abcdef0123456789abcdef.jsonl")).exists();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("runs/log-batch failed").contains("Timeout"));
      }
      for (Socket h : held) {
        h.close();
      }
    }
  }

  @Test
  void aRejectedParamIsReportedAndOnlyItIsDropped() throws Exception {
    try (TrackingSession s = session(); MlflowClient client = new MlflowClient(server.uri().toString())) {
      Tracker first = s.startRun("r", null, Map.of(), spoolDir);
      first.logParam("lr", "0.1");
      first.flush();
      Tracker second = s.attachRun(first.runId(), spoolDir); // another process, unaware of lr
      second.logParam("lr", "0.2");
      second.logParam("unroll", "20");
      logSteps(second, 0, 10);
      second.close();
      assertThat(warnings).anySatisfy(w -> assertThat(w).contains("rejected param 'lr'='0.2'")
          .contains("Changing param values is not allowed"));
      assertThat(spoolDir).doesNotExist();
      assertExactlyOnce(client.getMetricHistory(first.runId(), "meta_loss"), 10);
      assertThat(client.getRun(first.runId()).getData().getParamsList()).extracting(p -> p.getKey() + "=" + p.getValue())
          .containsExactlyInAnyOrder("lr=0.1", "unroll=20");
    }
  }

  private static void logSteps(Tracker t, int from, int to) {
    for (int step = from; step < to; step++) {
      t.logMetric("meta_loss", 1.0 / (step + 1), step);
    }
  }

  /** Steps 0..n-1 each present once, with the value logged for that step. */
  private static void assertExactlyOnce(List<Metric> history, int n) {
    assertThat(history).hasSize(n);
    Set<Long> steps = new HashSet<>();
    for (Metric m : history) {
      assertThat(steps.add(m.getStep())).as("step %d present once", m.getStep()).isTrue();
      assertThat(m.getValue()).isEqualTo(1.0 / (m.getStep() + 1));
    }
    assertThat(steps).hasSize(n).allMatch(s -> s >= 0 && s < n);
  }
}
