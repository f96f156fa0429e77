package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;

/**
 * The model registry, driven as clients drive it: creation through raw REST (the 2.17 Java
 * client cannot create), reads through the real MLflow Java client, and the store checked
 * against MLflow's registry FileStore layout.
 */
class ModelRegistryServerTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path store;
  private EmbeddedMlflowServer server;
  private MlflowClient client;
  private String exp;
  private String runId;

  @BeforeEach
  void start() {
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
    client = new MlflowClient(server.uri().toString());
    exp = client.createExperiment("registry");
    runId = client.createRun(exp).getRunId();
    RawHttp.send("PUT", server.uri(), "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId
        + "/artifacts/optimizer/MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void registeredModelAndVersionRoundTripThroughTheJavaClient() {
    RawHttp.Response created = post("registered-models/create",
        "{\"name\":\"l2o-dm\",\"description\":\"L2O-DM\",\"tags\":[{\"key\":\"paper\",\"value\":\"chen2020\"}]}");
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().path("registered_model").path("name").asText()).isEqualTo("l2o-dm");
    RawHttp.Response again = post("registered-models/create", "{\"name\":\"l2o-dm\"}");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().path("error_code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");

    RawHttp.Response v1 = post("model-versions/create",
        "{\"name\":\"l2o-dm\",\"source\":\"runs:/" + runId + "/optimizer\",\"run_id\":\"" + runId + "\","
            + "\"tags\":[{\"key\":\"l2o.variant\",\"value\":\"dm\"}]}");
    assertThat(v1.status()).isEqualTo(200);
    assertThat(v1.json().path("model_version").path("version").asText()).isEqualTo("1");

    RegisteredModel model = client.getRegisteredModel("l2o-dm");
    assertThat(model.getDescription()).isEqualTo("L2O-DM");
    assertThat(model.getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue()).containsExactly("paper=chen2020");
    assertThat(model.getLatestVersionsList()).extracting(ModelVersion::getVersion).containsExactly("1");

    ModelVersion version = client.getModelVersion("l2o-dm", "1");
    assertThat(version.getRunId()).isEqualTo(runId);
    assertThat(version.getSource()).isEqualTo("runs:/" + runId + "/optimizer");
    assertThat(version.getCurrentStage()).isEqualTo("None");
    assertThat(version.getStatus().name()).isEqualTo("READY");
    assertThat(version.getTagsList()).extracting(t -> t.getKey() + "=" + t.getValue()).containsExactly("l2o.variant=dm");
    // The files' location, resolved once at registration: what clients download from.
    assertThat(client.getModelVersionDownloadUri("l2o-dm", "1"))
        .isEqualTo("mlflow-artifacts:/" + exp + "/" + runId + "/artifacts/optimizer");
    assertThat(client.searchModelVersions("name = 'l2o-dm'").getItems()).extracting(ModelVersion::getVersion)
        .containsExactly("1");
    assertThat(client.searchModelVersions("run_id = '" + runId + "'").getItems()).hasSize(1);
    assertThat(client.searchModelVersions("name = 'other'").getItems()).isEmpty();
    assertThat(client.getLatestVersions("l2o-dm")).extracting(ModelVersion::getVersion).containsExactly("1");
  }

  @Test
  void storeFollowsMlflowRegistryFileStoreLayout() throws IOException {
    post("registered-models/create", "{\"name\":\"l2o-dm\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}");
    post("model-versions/create", "{\"name\":\"l2o-dm\",\"source\":\"mlflow-artifacts:/" + exp + "/" + runId
        + "/artifacts/optimizer\",\"run_id\":\"" + runId + "\",\"tags\":[{\"key\":\"t\",\"value\":\"1\"}]}");
    post("registered-models/alias", "{\"name\":\"l2o-dm\",\"alias\":\"champion\",\"version\":\"1\"}");
    Path dir = store.resolve("models").resolve("l2o-dm");
    JsonNode meta = YAML.readTree(dir.resolve("meta.yaml").toFile());
    assertThat(fields(meta)).containsExactly("aliases", "creation_timestamp", "description",
        "last_updated_timestamp", "name");
    assertThat(meta.path("name").asText()).isEqualTo("l2o-dm");
    assertThat(meta.path("creation_timestamp").isIntegralNumber()).isTrue();
    assertThat(Files.readString(dir.resolve("tags/k"))).isEqualTo("v");
    assertThat(Files.readString(dir.resolve("aliases/champion"))).isEqualTo("1");
    JsonNode v = YAML.readTree(dir.resolve("version-1/meta.yaml").toFile());
    assertThat(fields(v)).containsExactly("aliases", "creation_timestamp", "current_stage", "description",
        "last_updated_timestamp", "name", "run_id", "run_link", "source", "status", "status_message",
        "storage_location", "user_id", "version");
    assertThat(v.path("version").isIntegralNumber()).isTrue();
    assertThat(v.path("version").asLong()).isEqualTo(1);
    assertThat(v.path("current_stage").asText()).isEqualTo("None");
    assertThat(v.path("status").asText()).isEqualTo("READY");
    assertThat(v.path("run_id").asText()).isEqualTo(runId);
    assertThat(Files.readString(dir.resolve("version-1/tags/t"))).isEqualTo("1");
    try (var files = Files.walk(store.resolve("models"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(StoreFiles.TEMP_PREFIX));
    }
  }

  @Test
  void stagesAliasesAndDeletedVersionNumbersAreNeverReused() {
    post("registered-models/create", "{\"name\":\"m\"}");
    for (int i = 0; i < 3; i++) {
      assertThat(post("model-versions/create", "{\"name\":\"m\",\"source\":\"runs:/" + runId + "/optimizer\"}")
          .status()).isEqualTo(200);
    }
    post("model-versions/transition-stage", "{\"name\":\"m\",\"version\":\"1\",\"stage\":\"production\"}");
    RawHttp.Response promoted = post("model-versions/transition-stage",
        "{\"name\":\"m\",\"version\":\"2\",\"stage\":\"Production\",\"archive_existing_versions\":true}");
    assertThat(promoted.json().path("model_version").path("current_stage").asText()).isEqualTo("Production");
    assertThat(client.getModelVersion("m", "1").getCurrentStage()).isEqualTo("Archived");
    assertThat(client.getLatestVersions("m", List.of("Production"))).extracting(ModelVersion::getVersion)
        .containsExactly("2");
    assertThat(post("model-versions/transition-stage", "{\"name\":\"m\",\"version\":\"3\",\"stage\":\"Shipped\"}")
        .json().path("message").asText()).contains("Invalid Model Version stage: Shipped");

    post("registered-models/alias", "{\"name\":\"m\",\"alias\":\"champion\",\"version\":\"3\"}");
    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/registered-models/alias?name=m&alias=champion").json()
        .path("model_version").path("version").asText()).isEqualTo("3");
    assertThat(client.getModelVersion("m", "3").getAliasesList()).containsExactly("champion");
    assertThat(post("registered-models/alias", "{\"name\":\"m\",\"alias\":\"v2\",\"version\":\"1\"}").status())
        .isEqualTo(400);

    assertThat(RawHttp.send("DELETE", server.uri(), "/api/2.0/mlflow/model-versions/delete",
        "{\"name\":\"m\",\"version\":\"3\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    assertThatThrownBy(() -> client.getModelVersion("m", "3")).isInstanceOfSatisfying(MlflowHttpException.class,
        e -> assertThat(e.getStatusCode()).isEqualTo(404));
    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/registered-models/alias?name=m&alias=champion").status())
        .isEqualTo(404);
    RawHttp.Response v4 = post("model-versions/create", "{\"name\":\"m\",\"source\":\"runs:/" + runId + "/optimizer\"}");
    assertThat(v4.json().path("model_version").path("version").asText()).isEqualTo("4");
    assertThat(client.searchModelVersions("name = 'm'").getItems()).extracting(ModelVersion::getVersion)
        .containsExactlyInAnyOrder("1", "2", "4");
  }

  @Test
  void searchRenameUpdateAndDeleteRegisteredModels() {
    for (String name : List.of("l2o-dm", "l2o-dm-cl", "rnnprop")) {
      post("registered-models/create", "{\"name\":\"" + name + "\",\"tags\":[{\"key\":\"arch\",\"value\":\""
          + (name.startsWith("l2o") ? "dm" : "rnnprop") + "\"}]}");
    }
    assertThat(names(RawHttp.get(server.uri(), "/api/2.0/mlflow/registered-models/search"))).containsExactly(
        "l2o-dm", "l2o-dm-cl", "rnnprop");
    assertThat(names(RawHttp.get(server.uri(),
        "/ajax-api/2.0/mlflow/registered-models/search?filter=name%20LIKE%20%27l2o%25%27&order_by=name%20DESC")))
        .containsExactly("l2o-dm-cl", "l2o-dm");
    assertThat(names(RawHttp.get(server.uri(),
        "/api/2.0/mlflow/registered-models/search?filter=tags.arch%20%3D%20%27rnnprop%27"))).containsExactly("rnnprop");
    RawHttp.Response page1 = RawHttp.get(server.uri(), "/api/2.0/mlflow/registered-models/search?max_results=2");
    assertThat(names(page1)).containsExactly("l2o-dm", "l2o-dm-cl");
    assertThat(names(RawHttp.get(server.uri(), "/api/2.0/mlflow/registered-models/search?max_results=2&page_token="
        + page1.json().path("next_page_token").asText()))).containsExactly("rnnprop");

    post("model-versions/create", "{\"name\":\"rnnprop\",\"source\":\"runs:/" + runId + "/optimizer\"}");
    RawHttp.Response renamed = post("registered-models/rename", "{\"name\":\"rnnprop\",\"new_name\":\"l2o-rnnprop\"}");
    assertThat(renamed.json().path("registered_model").path("name").asText()).isEqualTo("l2o-rnnprop");
    assertThat(client.getModelVersion("l2o-rnnprop", "1").getName()).isEqualTo("l2o-rnnprop");
    assertThat(client.getRegisteredModel("l2o-rnnprop").getTagsList()).hasSize(1);
    assertThatThrownBy(() -> client.getRegisteredModel("rnnprop")).isInstanceOf(MlflowHttpException.class);

    RawHttp.Response patched = RawHttp.send("PATCH", server.uri(), "/api/2.0/mlflow/registered-models/update",
        "{\"name\":\"l2o-dm\",\"description\":\"baseline\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(patched.json().path("registered_model").path("description").asText()).isEqualTo("baseline");

    assertThat(RawHttp.send("DELETE", server.uri(), "/api/2.0/mlflow/registered-models/delete",
        "{\"name\":\"l2o-dm-cl\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    assertThat(Files.exists(store.resolve("models/l2o-dm-cl"))).isFalse();
    assertThat(names(RawHttp.get(server.uri(), "/api/2.0/mlflow/registered-models/search")))
        .containsExactly("l2o-dm", "l2o-rnnprop");
  }

  @Test
  void badRegistryRequestsAreRefusedWithMlflowErrors() {
    assertThat(post("registered-models/create", "{\"name\":\"../x\"}").json().path("message").asText())
        .contains("path separator");
    assertThat(post("registered-models/create", "{\"name\":\"..\"}").status()).isEqualTo(400);
    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/registered-models/get?name=nope").json()
        .path("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(post("model-versions/create", "{\"name\":\"nope\",\"source\":\"runs:/" + runId + "/o\"}").status())
        .isEqualTo(404);
    post("registered-models/create", "{\"name\":\"m\"}");
    assertThat(post("model-versions/create", "{\"name\":\"m\"}").json().path("message").asText())
        .contains("'source'");
    assertThat(post("model-versions/create", "{\"name\":\"m\",\"source\":\"runs:/ffffffffffffffffffffffffffffffff/o\"}")
        .status()).isEqualTo(404);
    assertThat(RawHttp.get(server.uri(), "/api/2.0/mlflow/model-versions/get?name=m&version=x").status())
        .isEqualTo(400);
    assertThat(Files.exists(store.resolve("models/m/version-1"))).isFalse();
  }

  @Test
  void registryOutlivesARestart() {
    post("registered-models/create", "{\"name\":\"m\"}");
    post("model-versions/create", "{\"name\":\"m\",\"source\":\"runs:/" + runId + "/optimizer\"}");
    client.close();
    server.close();
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
    client = new MlflowClient(server.uri().toString());
    assertThat(client.getModelVersion("m", "1").getRunId()).isEqualTo(runId);
  }

  private RawHttp.Response post(String path, String json) {
    return RawHttp.post(server.uri(), "/api/2.0/mlflow/" + path, json);
  }

  private static List<String> names(RawHttp.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().path("registered_models").forEach(m -> out.add(m.path("name").asText()));
    return out;
  }

  private static Set<String> fields(JsonNode n) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
