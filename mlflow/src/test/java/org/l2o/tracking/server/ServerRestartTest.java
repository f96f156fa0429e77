package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;

/** The store is the only state: a restarted (or killed and restarted) server has everything. */
class ServerRestartTest {
  @TempDir Path store;

  @Test
  void restartOnTheSameStoreKeepsExperimentsRunsAndMetrics() {
    String exp;
    String runId;
    int port;
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
        MlflowClient client = new MlflowClient(server.uri().toString())) {
      port = server.port();
      exp = client.createExperiment("persist");
      runId = client.createRun(exp).getRunId();
      client.logParam(runId, "lr", "0.1");
      client.logMetric(runId, "loss", 1.0, 1, 0);
      client.setTag(runId, "l2o.stage", "evaluate");
    }
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", port, store);
        MlflowClient client = new MlflowClient(server.uri().toString())) {
      assertThat(client.getExperimentByName("persist").orElseThrow().getExperimentId()).isEqualTo(exp);
      assertThat(client.getRun(runId).getData().getParams(0).getValue()).isEqualTo("0.1");
      client.logMetric(runId, "loss", 0.5, 2, 1);
      client.setTerminated(runId, RunStatus.FINISHED);
      assertThat(client.getMetricHistory(runId, "loss")).extracting(Metric::getValue).containsExactly(1.0, 0.5);
      assertThat(client.createExperiment("next")).isNotEqualTo(exp);
    }
  }

  @Test
  void aSecondServerOnTheSameStoreIsRefused() {
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store)) {
      assertThatThrownBy(() -> EmbeddedMlflowServer.start("127.0.0.1", 0, store))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already served by another server");
    }
  }

  @Test
  @Tag("slow")
  void killedServerProcessLosesNothingAcknowledged() throws Exception {
    Process p = new ProcessBuilder(ServerConcurrencyTest.javaBin(), "-cp", System.getProperty("java.class.path"),
        ServerMain.class.getName(), store.toString()).redirectErrorStream(true).start();
    String runId;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String uri = null;
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("URI ")) {
          uri = line.substring(4).trim();
          break;
        }
      }
      assertThat(uri).as("server process printed its URI").isNotNull();
      try (MlflowClient client = new MlflowClient(uri)) {
        runId = client.createRun().getRunId();
        for (int i = 0; i < 50; i++) {
          client.logMetric(runId, "loss", i, i, i);
        }
      }
    } finally {
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
        MlflowClient client = new MlflowClient(server.uri().toString())) {
      List<Metric> h = client.getMetricHistory(runId, "loss");
      assertThat(h).hasSize(50);
      assertThat(h.get(49).getValue()).isEqualTo(49.0);
      assertThat(client.getRun(runId).getInfo().getStatus()).isEqualTo(RunStatus.RUNNING);
    }
  }
}
