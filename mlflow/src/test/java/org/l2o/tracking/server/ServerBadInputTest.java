package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/** Requests the server must refuse, with MLflow's error JSON and status, changing nothing. */
class ServerBadInputTest {
  @TempDir Path root;
  private Path store;
  private EmbeddedMlflowServer server;
  private MlflowClient client;
  private String runId;

  @BeforeEach
  void start() {
    store = root.resolve("mlruns");
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, store,
        new EmbeddedMlflowServer.Limits(256 * 1024, 1024));
    client = new MlflowClient(server.uri().toString());
    runId = client.createRun().getRunId();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void malformedJsonIsInvalidParameterValue() {
    RawHttp.Response r = RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + runId);
    assertError(r, 400, "INVALID_PARAMETER_VALUE", "Malformed JSON");
    RawHttp.Response array = RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/log-batch", "[1,2]");
    assertError(array, 400, "INVALID_PARAMETER_VALUE", "expected a JSON object");
  }

  @Test
  void unknownRunIdIsResourceDoesNotExist() {
    RawHttp.Response r = RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/log-metric",
        "{\"run_id\":\"ffffffffffffffffffffffffffffffff\",\"key\":\"m\",\"value\":1,\"timestamp\":1}");
    assertError(r, 404, "RESOURCE_DOES_NOT_EXIST", "ffffffffffffffffffffffffffffffff");
    RawHttp.Response traversal = RawHttp.get(server.uri(), "/api/2.0/mlflow/runs/get?run_id=..%2F0");
    assertError(traversal, 404, "RESOURCE_DOES_NOT_EXIST", "not found");
    assertError(RawHttp.get(server.uri(), "/api/2.0/mlflow/experiments/get?experiment_id=42"), 404,
        "RESOURCE_DOES_NOT_EXIST", "42");
  }

  @Test
  void overLimitBatchesAreRejectedWholly() {
    List<Metric> metrics = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      metrics.add(Metric.newBuilder().setKey("m").setValue(i).setTimestamp(1).setStep(i).build());
    }
    assertThatThrownBy(() -> client.logBatch(runId, metrics, List.of(), List.of()))
        .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("at most 1000 metrics");
        });
    List<Param> params = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      params.add(Param.newBuilder().setKey("p" + i).setValue("v").build());
    }
    assertThatThrownBy(() -> client.logBatch(runId, List.of(), params, List.of()))
        .hasMessageContaining("at most 100 params");
    List<Param> hundred = params.subList(0, 100);
    assertThatThrownBy(() -> client.logBatch(runId, metrics.subList(0, 901), hundred, List.of()))
        .hasMessageContaining("at most 1000 metrics, params, and tags in total");
    assertThat(client.getRun(runId).getData().getMetricsCount()).isZero();
    assertThat(client.getRun(runId).getData().getParamsCount()).isZero();
  }

  @Test
  void changedParamIsRejectedAndTheBatchWritesNothing() {
    client.logParam(runId, "lr", "0.1");
    assertThatThrownBy(() -> client.logParam(runId, "lr", "0.2"))
        .isInstanceOfSatisfying(MlflowHttpException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(400);
          assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("Changing param values");
        });
    Metric m = Metric.newBuilder().setKey("m").setValue(1).setTimestamp(1).build();
    assertThatThrownBy(() -> client.logBatch(runId, List.of(m),
        List.of(Param.newBuilder().setKey("lr").setValue("0.3").build()), List.of()))
        .hasMessageContaining("Changing param values");
    assertThat(client.getMetricHistory(runId, "m")).isEmpty();
    client.logParam(runId, "lr", "0.1");
    assertThat(client.getRun(runId).getData().getParams(0).getValue()).isEqualTo("0.1");
  }

  @Test
  void artifactPathTraversalIsRefusedAndWritesNothingOutsideTheStore() throws Exception {
    String base = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/";
    byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
    for (String path : List.of(base + "..%2F..%2F..%2Fescaped.txt", base + "%2E%2E/meta.yaml",
        "/api/2.0/mlflow-artifacts/artifacts/%2Ftmp%2Fescaped.txt", base + "a/../../meta.yaml",
        "/api/2.0/mlflow-artifacts/artifacts/0/meta.yaml", "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/meta.yaml")) {
      RawHttp.Response r = RawHttp.send("PUT", server.uri(), path, evil);
      assertThat(r.status()).as(path).isIn(400, 404);
      assertThat(r.json().path("error_code").asText()).as(path).isIn("INVALID_PARAMETER_VALUE", "ENDPOINT_NOT_FOUND");
    }
    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=..%2F..").status())
        .isEqualTo(400);
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(p)).as(p.toString()).isNotEqualTo("evil");
      }
    }
    assertThat(Files.readString(store.resolve("0").resolve(runId).resolve("meta.yaml"))).contains("run_id: " + runId);
  }

  @Test
  void oversizedBodiesAreRefusedWith413() {
    String big = "{\"run_id\":\"" + runId + "\",\"key\":\"k\",\"value\":\"" + "x".repeat(300 * 1024) + "\"}";
    assertError(RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/set-tag", big), 413, "INVALID_PARAMETER_VALUE",
        "exceeds the limit");
    RawHttp.Response artifact = RawHttp.send("PUT", server.uri(),
        "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/big.bin", new byte[2048]);
    assertError(artifact, 413, "INVALID_PARAMETER_VALUE", "exceeds the limit");
    assertThat(store.resolve("0").resolve(runId).resolve("artifacts/big.bin")).doesNotExist();
  }

  @Test
  void invalidKeysDuplicateExperimentsAndBadFiltersAreInvalid() {
    assertError(RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/log-metric",
        "{\"run_id\":\"" + runId + "\",\"key\":\"../escape\",\"value\":1,\"timestamp\":1}"), 400,
        "INVALID_PARAMETER_VALUE", "Invalid metric name");
    assertError(RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/log-metric",
        "{\"run_id\":\"" + runId + "\",\"key\":\"m\",\"value\":\"abc\",\"timestamp\":1}"), 400,
        "INVALID_PARAMETER_VALUE", "expected a double");
    client.createExperiment("dup");
    assertError(RawHttp.post(server.uri(), "/api/2.0/mlflow/experiments/create", "{\"name\":\"dup\"}"), 400,
        "RESOURCE_ALREADY_EXISTS", "dup");
    assertError(RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/search",
        "{\"experiment_ids\":[\"0\"],\"filter\":\"params.x = 'a' or params.y = 'b'\"}"), 400,
        "INVALID_PARAMETER_VALUE", "OR");
    assertError(RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/search",
        "{\"experiment_ids\":[\"0\"],\"filter\":\"metrics.m < 'abc'\"}"), 400,
        "INVALID_PARAMETER_VALUE", "numeric");
    assertError(RawHttp.post(server.uri(), "/api/2.0/mlflow/runs/search",
        "{\"experiment_ids\":[\"0\"],\"page_token\":\"garbage\"}"), 400, "INVALID_PARAMETER_VALUE", "page token");
    assertError(RawHttp.get(server.uri(), "/api/2.0/mlflow/no/such/endpoint"), 404, "ENDPOINT_NOT_FOUND", "No endpoint");
  }

  private static void assertError(RawHttp.Response r, int status, String code, String messagePart) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().path("error_code").asText()).as(r.body()).isEqualTo(code);
    assertThat(r.json().path("message").asText()).as(r.body()).contains(messagePart);
  }
}
