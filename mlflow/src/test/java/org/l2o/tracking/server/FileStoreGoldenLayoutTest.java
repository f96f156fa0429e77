package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;

/**
 * The store on disk is MLflow's FileStore, byte for byte where it matters to {@code mlflow ui}:
 * the golden meta.yaml files (regenerate with {@code -Dl2o.golden.regenerate=true}), metric
 * lines, params and tags without a trailing newline. And a store MLflow wrote (a hand-written
 * fixture of one) reads back.
 */
class FileStoreGoldenLayoutTest {
  private static final Path GOLDEN_SOURCE = Path.of("src/test/resources/golden");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path store;

  @Test
  void writesTheFileStoreLayoutMlflowUiReads() throws Exception {
    String runId;
    String exp;
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
        MlflowClient client = new MlflowClient(server.uri().toString())) {
      exp = client.createExperiment("golden");
      runId = client.createRun(CreateRun.newBuilder().setExperimentId(exp).setRunName("golden")
          .setStartTime(1_700_000_000_000L).setUserId("tester")
          .addTags(RunTag.newBuilder().setKey("l2o.stage").setValue("evaluate")).build()).getRunId();
      client.logParam(runId, "lr", "0.001");
      client.logMetric(runId, "loss", 0.5, 1_700_000_000_000L, 0);
      client.logMetric(runId, "loss", 1.0e-5, 1_700_000_000_001L, 1);
      client.logMetric(runId, "final_log_loss/mlp-orig", Double.NaN, 1_700_000_000_002L, 0);
      client.setTerminated(runId, RunStatus.FINISHED, 1_700_000_000_500L);
    }
    String r = exp + "/" + runId + "/";
    assertThat(files(store)).containsExactlyInAnyOrder(
        ".l2o-server.lock", "0/meta.yaml", exp + "/meta.yaml", r + "meta.yaml", r + "metrics/loss",
        r + "metrics/final_log_loss/mlp-orig", r + "params/lr", r + "tags/mlflow.runName", r + "tags/l2o.stage");
    assertThat(store.resolve(".trash")).isDirectory();
    assertThat(store.resolve(r + "artifacts")).isDirectory();

    assertThat(read(r + "metrics/loss")).isEqualTo("1700000000000 0.5 0\n1700000000001 1.0E-5 1\n");
    assertThat(read(r + "metrics/final_log_loss/mlp-orig")).isEqualTo("1700000000002 NaN 0\n");
    assertThat(read(r + "params/lr")).isEqualTo("0.001");
    assertThat(read(r + "tags/mlflow.runName")).isEqualTo("golden");
    assertThat(read(r + "tags/l2o.stage")).isEqualTo("evaluate");

    JsonNode runMeta = YAML.readTree(read(r + "meta.yaml"));
    assertThat(fieldNames(runMeta)).containsExactly("artifact_uri", "deleted_time", "end_time", "entry_point_name",
        "experiment_id", "lifecycle_stage", "run_id", "run_name", "run_uuid", "source_name", "source_type",
        "source_version", "start_time", "status", "tags", "user_id");
    assertThat(runMeta.get("experiment_id").isTextual()).isTrue();
    assertThat(runMeta.get("status").isInt()).isTrue();
    assertThat(runMeta.get("status").asInt()).isEqualTo(3);
    assertThat(runMeta.get("source_type").asInt()).isEqualTo(4);
    assertThat(runMeta.get("start_time").isIntegralNumber()).isTrue();
    assertThat(runMeta.get("end_time").asLong()).isEqualTo(1_700_000_000_500L);
    assertThat(runMeta.get("deleted_time").isNull()).isTrue();
    assertThat(runMeta.get("tags").isArray() && runMeta.get("tags").isEmpty()).isTrue();

    JsonNode expMeta = YAML.readTree(read(exp + "/meta.yaml"));
    assertThat(fieldNames(expMeta)).containsExactly("artifact_location", "creation_time", "experiment_id",
        "last_update_time", "lifecycle_stage", "name");
    assertThat(expMeta.get("experiment_id").isTextual()).isTrue();
    assertThat(expMeta.get("creation_time").isIntegralNumber()).isTrue();
    assertThat(YAML.readTree(read("0/meta.yaml")).get("name").asText()).isEqualTo("Default");

    String runGolden = read(r + "meta.yaml").replace(runId, "RUN_ID").replace("'" + exp + "'", "'EXP_ID'")
        .replace("\"" + exp + "\"", "\"EXP_ID\"").replace("mlflow-artifacts:/" + exp + "/", "mlflow-artifacts:/EXP_ID/");
    String expGolden = read(exp + "/meta.yaml").replaceAll("_time: \\d+", "_time: TIME")
        .replace("\"" + exp + "\"", "\"EXP_ID\"").replace("mlflow-artifacts:/" + exp, "mlflow-artifacts:/EXP_ID");
    assertGolden("run-meta.v1.yaml", runGolden);
    assertGolden("experiment-meta.v1.yaml", expGolden);
  }

  @Test
  void readsAStoreMlflowWroteHandWrittenFixture() throws Exception {
    copyFixture(store);
    String a = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    String b = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
        MlflowClient client = new MlflowClient(server.uri().toString())) {
      assertThat(client.getExperimentByName("golden-l2o").orElseThrow().getExperimentId()).isEqualTo("1");
      assertThat(client.getExperiment("1").getTags(0).getValue()).isEqualTo("hand-written fixture");

      List<RunInfo> active = client.searchRuns(List.of("1"), "", ViewType.ACTIVE_ONLY, 100).getItems()
          .stream().map(Run::getInfo).toList();
      assertThat(active).extracting(RunInfo::getRunName).containsExactly("dm-cl", "dm-baseline");
      assertThat(client.searchRuns(List.of("1"), "", ViewType.DELETED_ONLY, 100).getItems())
          .extracting(run -> run.getInfo().getRunName()).containsExactly("dm-deleted");

      Run runA = client.getRun(a);
      assertThat(runA.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
      assertThat(runA.getInfo().getUserId()).isEqualTo("alice");
      Map<String, String> params = runA.getData().getParamsList().stream()
          .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
      assertThat(params).containsExactlyInAnyOrderEntriesOf(Map.of("lr", "0.001", "optimizer", "lstm"));
      List<Metric> history = client.getMetricHistory(a, "meta_loss");
      assertThat(history).extracting(Metric::getStep).containsExactly(0L, 1L, 2L);
      assertThat(history.get(0).getValue()).isEqualTo(2.5);
      assertThat(history.get(1).getValue()).isEqualTo(1e-05);
      assertThat(history.get(2).getValue()).isNaN();
      assertThat(client.getMetricHistory(a, "bounds")).extracting(Metric::getValue)
          .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
      assertThat(client.getMetricHistory(a, "final_log_loss/mlp-orig").get(0).getValue()).isEqualTo(0.3);

      Run runB = client.getRun(b);
      assertThat(runB.getInfo().getRunName()).isEqualTo("dm-cl");
      assertThat(runB.getInfo().getExperimentId()).isEqualTo("1");
      assertThat(runB.getInfo().getStatus()).isEqualTo(RunStatus.FAILED);
      assertThat(client.getMetricHistory(b, "meta_loss").get(0).getStep()).isZero();

      assertThat(client.searchRuns(List.of("1"), "metrics.`final_log_loss/mlp-orig` < 0.5",
          ViewType.ACTIVE_ONLY, 10).getItems()).extracting(run -> run.getInfo().getRunId()).containsExactly(a);
      JsonNode listing = Json.MAPPER.readTree(client.sendGet("artifacts/list?run_id=" + a + "&path=model"));
      assertThat(listing.path("files").get(0).path("path").asText()).isEqualTo("model/config.json");
      RawHttp.Response download = RawHttp.get(server.uri(), "/get-artifact?run_uuid=" + a + "&path=model/config.json");
      assertThat(download.body()).isEqualTo("{\"hidden\": 20}");

      client.logMetric(a, "meta_loss", 0.25, 1_700_000_100_000L, 3);
    }
    assertThat(Files.readString(store.resolve("1/" + a + "/metrics/meta_loss")))
        .isEqualTo("1700000001000 2.5 0\n1700000002000 1e-05 1\n1700000003000 nan 2\n1700000100000 0.25 3\n");
  }

  @Test
  void fileArtifactUrisAreListedFromTheirFolder(@TempDir Path elsewhere) throws Exception {
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
        MlflowClient client = new MlflowClient(server.uri().toString())) {
      RawHttp.Response created = RawHttp.post(server.uri(), "/api/2.0/mlflow/experiments/create",
          "{\"name\":\"local\",\"artifact_location\":\"" + elsewhere.toUri() + "\"}");
      String exp = created.json().path("experiment_id").asText();
      RunInfo info = client.createRun(exp);
      assertThat(info.getArtifactUri()).startsWith("file:").endsWith(info.getRunId() + "/artifacts");
      Path dir = elsewhere.resolve(info.getRunId()).resolve("artifacts");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("a.txt"), "a");
      JsonNode listing = Json.MAPPER.readTree(client.sendGet("artifacts/list?run_id=" + info.getRunId()));
      assertThat(listing.path("files").get(0).path("path").asText()).isEqualTo("a.txt");
    }
  }

  private void assertGolden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("l2o.golden.regenerate")) {
      Files.createDirectories(GOLDEN_SOURCE);
      Files.writeString(GOLDEN_SOURCE.resolve(name), actual, StandardCharsets.UTF_8);
    }
    String expected;
    try (var in = getClass().getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name + "; regenerate with -Dl2o.golden.regenerate=true").isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(expected);
  }

  private String read(String relative) throws IOException {
    return Files.readString(store.resolve(relative), StandardCharsets.UTF_8);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private void copyFixture(Path target) throws IOException, URISyntaxException {
    Path src = Path.of(getClass().getResource("/mlruns-handwritten").toURI());
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = target.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
