package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;

/** metrics/get-history-bulk-interval (the UI's charts) and runs/log-model (the Python client's log_model). */
class MetricHistoryBulkIntervalTest {
  @TempDir Path store;
  private EmbeddedMlflowServer server;
  private MlflowClient client;

  @BeforeEach
  void start() {
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
    client = new MlflowClient(server.uri().toString());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void answersThinnedHistoriesOfSeveralRunsWithTheirRunIds() {
    String a = client.createRun().getRunId();
    String b = client.createRun().getRunId();
    log(a, 3000);
    log(b, 5);
    JsonNode all = RawHttp.get(server.uri(), "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + a
        + "&run_ids=" + b + "&metric_key=loss&max_results=100").json();
    List<String> runIds = new ArrayList<>();
    all.path("metrics").forEach(m -> runIds.add(m.path("run_id").asText()));
    assertThat(runIds).containsOnly(a, b);
    long fromA = runIds.stream().filter(a::equals).count();
    assertThat(fromA).isBetween(100L, 103L); // 100 sampled steps + ends of both runs
    // b's steps 0..4 fall between the sampled steps 0 and 30: it keeps its first and last.
    List<Long> fromB = new ArrayList<>();
    all.path("metrics").forEach(m -> {
      if (m.path("run_id").asText().equals(b)) {
        fromB.add(m.path("step").asLong());
      }
    });
    assertThat(fromB).containsExactly(0L, 4L);
    JsonNode first = all.path("metrics").get(0);
    assertThat(first.path("key").asText()).isEqualTo("loss");
    assertThat(first.path("step").asLong()).isZero();
    assertThat(first.path("value").asDouble()).isEqualTo(1.0);
    JsonNode lastOfA = all.path("metrics").get((int) fromA - 1);
    assertThat(lastOfA.path("step").asLong()).isEqualTo(2999);

    JsonNode window = RawHttp.get(server.uri(), "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + a
        + "&metric_key=loss&start_step=10&end_step=12").json();
    assertThat(window.path("metrics")).extracting(m -> m.path("step").asLong()).containsExactly(10L, 11L, 12L);

    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + a
        + "&metric_key=loss&start_step=10").json().path("message").asText()).contains("both must be specified");
    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/metrics/get-history-bulk-interval?metric_key=loss")
        .status()).isEqualTo(400);
    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + a
        + "&metric_key=loss&max_results=2501").status()).isEqualTo(400);
  }

  @Test
  void logModelAppendsToTheRunsModelHistory() throws Exception {
    String run = client.createRun().getRunId();
    for (String path : List.of("model", "optimizer")) {
      String model = "{\"artifact_path\":\"" + path + "\",\"run_id\":\"" + run + "\","
          + "\"utc_time_created\":\"2025-01-01 00:00:00.000000\",\"flavors\":{\"l2o\":{}}}";
      RawHttp.Response r = RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/log-model",
          Json.MAPPER.writeValueAsString(Json.object().put("run_id", run).put("model_json", model)));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    String tag = client.getRun(run).getData().getTagsList().stream()
        .filter(t -> t.getKey().equals("mlflow.log-model.history")).findFirst().orElseThrow().getValue();
    assertThat(Json.MAPPER.readTree(tag)).extracting(m -> m.path("artifact_path").asText())
        .containsExactly("model", "optimizer");
    assertThat(RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/log-model",
        "{\"run_id\":\"" + run + "\",\"model_json\":\"{\\\"artifact_path\\\":\\\"m\\\"}\"}").json().path("message")
        .asText()).contains("missing mandatory fields");
  }

  private void log(String runId, int n) {
    List<Metric> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(Metric.newBuilder().setKey("loss").setValue(1.0 / (i + 1)).setTimestamp(1000 + i).setStep(i).build());
      if (batch.size() == 1000) {
        client.logBatch(runId, batch, List.of(), List.of());
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      client.logBatch(runId, batch, List.of(), List.of());
    }
  }
}
