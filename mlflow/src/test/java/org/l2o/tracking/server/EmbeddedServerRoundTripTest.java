package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;

/** Every endpoint the pipeline uses, driven by the real MLflow Java client over HTTP. */
class EmbeddedServerRoundTripTest {
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
  void defaultExperimentExistsAndNewExperimentsAreFoundByIdNameAndSearch() {
    assertThat(client.getExperiment("0").getName()).isEqualTo("Default");
    String id = client.createExperiment("l2o-test");
    Experiment byId = client.getExperiment(id);
    assertThat(byId.getName()).isEqualTo("l2o-test");
    assertThat(byId.getArtifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
    assertThat(byId.getLifecycleStage()).isEqualTo("active");
    assertThat(client.getExperimentByName("l2o-test").orElseThrow().getExperimentId()).isEqualTo(id);
    assertThat(client.getExperimentByName("no-such-experiment")).isEmpty();

    client.setExperimentTag(id, "owner", "l2o");
    ExperimentsPage page = client.searchExperiments("name = 'l2o-test'");
    assertThat(page.getItems()).extracting(Experiment::getExperimentId).containsExactly(id);
    assertThat(page.getItems().get(0).getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue())
        .containsExactly("owner=l2o");
    assertThat(client.searchExperiments().getItems()).extracting(Experiment::getName)
        .containsExactlyInAnyOrder("Default", "l2o-test");
    assertThat(client.searchExperiments("tags.owner = 'l2o'").getItems()).hasSize(1);
  }

  @Test
  void runRoundTripsParamsMetricsTagsAndStatus() {
    String exp = client.createExperiment("e");
    RunInfo info = client.createRun(CreateRun.newBuilder().setExperimentId(exp).setRunName("train-dm")
        .setStartTime(1000).setUserId("alice")
        .addTags(RunTag.newBuilder().setKey("l2o.stage").setValue("train-baseline")).build());
    String runId = info.getRunId();
    assertThat(runId).matches("[0-9a-f]{32}");
    assertThat(info.getRunName()).isEqualTo("train-dm");
    assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
    assertThat(info.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + exp + "/" + runId + "/artifacts");

    client.logParam(runId, "lr", "0.001");
    client.logParam(runId, "lr", "0.001"); // same value again is fine
    client.logMetric(runId, "meta_loss", 2.5, 10_000, 0);
    client.logMetric(runId, "meta_loss", 1.5, 10_001, 1);
    client.logMetric(runId, "meta_loss", 0.0, 10_002, 2); // 0.0 travels as an omitted field
    client.setTag(runId, "l2o.cache", "miss");
    client.setTag(runId, "temp", "x");
    client.deleteTag(runId, "temp");
    client.setTerminated(runId, RunStatus.FINISHED, 20_000);

    Run run = client.getRun(runId);
    assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.getInfo().getEndTime()).isEqualTo(20_000);
    assertThat(run.getInfo().getStartTime()).isEqualTo(1000);
    assertThat(run.getInfo().getUserId()).isEqualTo("alice");
    assertThat(run.getData().getParamsList()).extracting(Param::getKey, Param::getValue)
        .containsExactly(tuple("lr", "0.001"));
    assertThat(tags(run)).containsEntry("l2o.stage", "train-baseline").containsEntry("l2o.cache", "miss")
        .containsEntry("mlflow.runName", "train-dm").doesNotContainKey("temp");
    Metric latest = run.getData().getMetricsList().get(0);
    assertThat(latest.getKey()).isEqualTo("meta_loss");
    assertThat(latest.getStep()).isEqualTo(2);
    assertThat(latest.getValue()).isEqualTo(0.0);

    List<Metric> history = client.getMetricHistory(runId, "meta_loss");
    assertThat(history).extracting(Metric::getValue).containsExactly(2.5, 1.5, 0.0);
    assertThat(history).extracting(Metric::getStep).containsExactly(0L, 1L, 2L);
    assertThat(history).extracting(Metric::getTimestamp).containsExactly(10_000L, 10_001L, 10_002L);
  }

  @Test
  void logBatchCarriesNanInfinityAndLargeInt64Values() {
    String runId = client.createRun().getRunId();
    long bigStep = 9_007_199_254_740_993L; // not exactly representable as a double
    client.logBatch(runId,
        List.of(metric("m", Double.NaN, 1, 0), metric("m", Double.POSITIVE_INFINITY, 2, 1),
            metric("m", -1e-300, 3, bigStep), metric("n", 1.0e-5, 4, 0)),
        List.of(Param.newBuilder().setKey("seed").setValue("42").build()),
        List.of(RunTag.newBuilder().setKey("t").setValue("v").build()));
    List<Metric> h = client.getMetricHistory(runId, "m");
    assertThat(h).hasSize(3);
    assertThat(h.get(0).getValue()).isNaN();
    assertThat(h.get(1).getValue()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(h.get(2).getValue()).isEqualTo(-1e-300);
    assertThat(h.get(2).getStep()).isEqualTo(bigStep);
    assertThat(client.getMetricHistory(runId, "n").get(0).getValue()).isCloseTo(1.0e-5, within(0.0));
    assertThat(tags(client.getRun(runId))).containsEntry("t", "v");
  }

  @Test
  void renamingARunThroughItsTagUpdatesTheRunName() {
    String runId = client.createRun().getRunId();
    client.setTag(runId, "mlflow.runName", "renamed");
    assertThat(client.getRun(runId).getInfo().getRunName()).isEqualTo("renamed");
  }

  @Test
  void searchRunsFiltersOrdersAndPages() {
    String exp = client.createExperiment("search");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = client.createRun(CreateRun.newBuilder().setExperimentId(exp).setRunName("run-" + i)
          .setStartTime(1000 + i).build()).getRunId();
      ids.add(id);
      client.logParam(id, "variant", i % 2 == 0 ? "dm" : "dm-cl");
      client.logParam(id, "my param", "p" + i);
      client.logMetric(id, "final_log_loss/mlp", 0.1 * (5 - i), 1, 0);
      client.setTag(id, "l2o.stage", "evaluate");
    }
    client.setTerminated(ids.get(4), RunStatus.FAILED);
    List<String> e = List.of(exp);

    assertThat(names(client.searchRuns(e, "params.variant = 'dm'", ViewType.ACTIVE_ONLY, 100)))
        .containsExactly("run-4", "run-2", "run-0"); // default order: newest first
    assertThat(names(client.searchRuns(e, "params.variant = 'dm' and metrics.`final_log_loss/mlp` < 0.35",
        ViewType.ACTIVE_ONLY, 100))).containsExactly("run-4", "run-2");
    assertThat(names(client.searchRuns(e, "params.`my param` = 'p3'", ViewType.ACTIVE_ONLY, 100)))
        .containsExactly("run-3");
    assertThat(names(client.searchRuns(e, "tags.l2o.stage = 'evaluate' AND attributes.status = 'FAILED'",
        ViewType.ACTIVE_ONLY, 100))).containsExactly("run-4");
    assertThat(names(client.searchRuns(e, "metrics.`final_log_loss/mlp` >= 0.3", ViewType.ACTIVE_ONLY, 100)))
        .containsExactlyInAnyOrder("run-0", "run-1", "run-2");
    assertThat(names(client.searchRuns(e, "params.variant LIKE 'dm-%'", ViewType.ACTIVE_ONLY, 100)))
        .containsExactlyInAnyOrder("run-1", "run-3");
    assertThat(names(client.searchRuns(e, "attributes.run_name ILIKE 'RUN-1'", ViewType.ACTIVE_ONLY, 100)))
        .containsExactly("run-1");
    assertThat(names(client.searchRuns(e, "params.variant != 'dm'", ViewType.ACTIVE_ONLY, 100)))
        .containsExactlyInAnyOrder("run-1", "run-3");

    RunsPage ordered = client.searchRuns(e, "", ViewType.ACTIVE_ONLY, 2, List.of("metrics.`final_log_loss/mlp` ASC"));
    List<String> all = new ArrayList<>(names(ordered));
    while (ordered.hasNextPage()) {
      ordered = (RunsPage) ordered.getNextPage();
      all.addAll(names(ordered));
    }
    assertThat(all).containsExactly("run-4", "run-3", "run-2", "run-1", "run-0");

    client.deleteRun(ids.get(0));
    assertThat(names(client.searchRuns(e, "", ViewType.ACTIVE_ONLY, 100))).hasSize(4).doesNotContain("run-0");
    assertThat(names(client.searchRuns(e, "", ViewType.DELETED_ONLY, 100))).containsExactly("run-0");
    client.restoreRun(ids.get(0));
    assertThat(names(client.searchRuns(e, "", ViewType.ALL, 100))).hasSize(5);
  }

  @Test
  void searchRunsAcceptsGetQueryParametersLikeTheUi() {
    String exp = client.createExperiment("ui");
    String id = client.createRun(exp).getRunId();
    client.logParam(id, "x", "v");
    RawHttp.Response r = RawHttp.get(server.uri(),
        "/ajax-api/2.0/mlflow/runs/search?experiment_ids=" + exp + "&filter=params.x%20%3D%20%27v%27&max_results=10");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("runs").get(0).path("info").path("run_id").asText()).isEqualTo(id);
    RawHttp.Response g = RawHttp.get(server.uri(), "/ajax-api/2.0/mlflow/runs/get?run_uuid=" + id);
    assertThat(g.json().path("run").path("data").path("params").get(0).path("value").asText()).isEqualTo("v");
  }

  @Test
  void artifactsUploadThroughTheProxyAndListThroughBothApis() throws Exception {
    String exp = client.createExperiment("art");
    String runId = client.createRun(exp).getRunId();
    String base = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/";
    byte[] weights = {1, 2, 3, 4, 5};
    assertThat(RawHttp.send("PUT", server.uri(), base + "model/weights.bin", weights).status()).isEqualTo(200);
    assertThat(RawHttp.send("PUT", server.uri(), base + "curves%20a.csv", "a,b\n".getBytes(StandardCharsets.UTF_8))
        .status()).isEqualTo(200);

    assertThat(Files.readAllBytes(store.resolve(exp).resolve(runId).resolve("artifacts/model/weights.bin")))
        .isEqualTo(weights);
    RawHttp.Response download = RawHttp.get(server.uri(), base + "model/weights.bin");
    assertThat(download.body().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(weights);

    JsonNode root = Json.MAPPER.readTree(client.sendGet("artifacts/list?run_id=" + runId));
    assertThat(root.path("root_uri").asText()).isEqualTo("mlflow-artifacts:/" + exp + "/" + runId + "/artifacts");
    assertThat(paths(root)).containsExactly("curves a.csv", "model");
    JsonNode sub = Json.MAPPER.readTree(client.sendGet("artifacts/list?run_id=" + runId + "&path=model"));
    assertThat(paths(sub)).containsExactly("model/weights.bin");
    assertThat(sub.path("files").get(0).path("file_size").asLong()).isEqualTo(5);

    RawHttp.Response proxyList = RawHttp.get(server.uri(),
        "/api/2.0/mlflow-artifacts/artifacts?path=" + exp + "/" + runId + "/artifacts/model");
    assertThat(paths(proxyList.json())).containsExactly("weights.bin");

    assertThat(RawHttp.send("DELETE", server.uri(), base + "model/weights.bin", null).status()).isEqualTo(200);
    assertThat(store.resolve(exp).resolve(runId).resolve("artifacts/model/weights.bin")).doesNotExist();
    assertThat(RawHttp.get(server.uri(), base + "model/weights.bin").status()).isEqualTo(404);
  }

  @Test
  void ajaxApiPrefixServesTheSameEndpoints() {
    RawHttp.Response created = RawHttp.post(server.uri(), "/ajax-api/2.0/mlflow/experiments/create", "{\"name\":\"ajax\"}");
    assertThat(created.status()).isEqualTo(200);
    String id = created.json().path("experiment_id").asText();
    assertThat(client.getExperiment(id).getName()).isEqualTo("ajax");
    RawHttp.Response search = RawHttp.post(server.uri(), "/ajax-api/2.0/mlflow/experiments/search", "{\"max_results\":5}");
    assertThat(search.json().path("experiments").size()).isEqualTo(2);
    assertThat(RawHttp.get(server.uri(), "/health").body()).isEqualTo("OK");
  }

  @Test
  void unknownRunIsNotFoundForTheClient() {
    assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
        .isInstanceOfSatisfying(MlflowHttpException.class, ex -> {
          assertThat(ex.getStatusCode()).isEqualTo(404);
          assertThat(ex.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
        });
  }

  private static Metric metric(String key, double value, long ts, long step) {
    return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(ts).setStep(step).build();
  }

  private static Map<String, String> tags(Run run) {
    return run.getData().getTagsList().stream().collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
  }

  private static List<String> names(RunsPage page) {
    return page.getItems().stream().map(r -> r.getInfo().getRunName()).toList();
  }

  private static List<String> paths(JsonNode listing) {
    List<String> out = new ArrayList<>();
    listing.path("files").forEach(f -> out.add(f.path("path").asText()));
    return out;
  }
}
