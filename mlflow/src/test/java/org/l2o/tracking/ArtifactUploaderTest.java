package org.l2o.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifact URLs, credentials and the file: copy, against a stub server that records requests. */
class ArtifactUploaderTest {
  @TempDir Path tmp;
  private Javalin stub;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startStub() {
    stub = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.routes.before(ctx -> seen.add(ctx.method() + " " + ctx.path() + " auth=" + ctx.header("Authorization")
          + " body=" + ctx.body()));
      cfg.routes.put("/*", ctx -> ctx.result("{}"));
      cfg.routes.get("/api/2.0/mlflow/experiments/get-by-name",
          ctx -> ctx.contentType("application/json").result("{\"experiment\":{\"experiment_id\":\"7\",\"name\":\"x\"}}"));
    }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stopStub() {
    stub.stop();
  }

  private URI stubUri() {
    return URI.create("http://127.0.0.1:" + stub.port());
  }

  @Test
  void proxyUploadsCarryBasicCredentialsAndEncodeThePath() throws Exception {
    Path f = Files.writeString(tmp.resolve("a b.txt"), "payload");
    ArtifactUploader up = new ArtifactUploader(stubUri(), new TrackingCredentials("ann", "s3cret", "tok"),
        TrackingOptions.defaults());
    up.upload("mlflow-artifacts:/3/abc/artifacts", f, "curves/a b.txt");
    assertThat(seen).containsExactly("PUT /api/2.0/mlflow-artifacts/artifacts/3/abc/artifacts/curves/a%20b.txt"
        + " auth=Basic YW5uOnMzY3JldA== body=payload");
  }

  @Test
  void bearerTokenIsUsedWithoutUsernameAndByTheMlflowClientToo() {
    Map<String, String> env = Map.of(TrackingSession.ENV_TRACKING_URI, stubUri().toString(),
        TrackingCredentials.ENV_TOKEN, "tok-123");
    try (TrackingSession s = TrackingSession.fromEnvironment(env, TrackingOptions.defaults())) {
      assertThat(s.experimentId()).isEqualTo("7");
    }
    assertThat(seen).anySatisfy(r -> assertThat(r).startsWith("GET /api/2.0/mlflow/experiments/get-by-name")
        .contains("auth=Bearer tok-123"));
  }

  @Test
  void proxyUrlFollowsTheTrackingPathPrefixOrTheArtifactUrisOwnHost() {
    ArtifactUploader up = new ArtifactUploader(URI.create("https://mlflow.example.org/team/"),
        TrackingCredentials.none(), TrackingOptions.defaults());
    assertThat(up.proxyUrl("mlflow-artifacts:/1/r/artifacts", "x/y.bin").toString())
        .isEqualTo("https://mlflow.example.org/team/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/x/y.bin");
    assertThat(up.proxyUrl("mlflow-artifacts://store:5001/1/r/artifacts", "z").toString())
        .isEqualTo("https://store:5001/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/z");
  }

  @Test
  void fileUrisAreCopiedAndOtherSchemesRefused() throws Exception {
    Path f = Files.writeString(tmp.resolve("w.bin"), "w");
    Path root = tmp.resolve("server-artifacts/1/r/artifacts");
    ArtifactUploader up = new ArtifactUploader(stubUri(), TrackingCredentials.none(), TrackingOptions.defaults());
    up.upload(root.toUri().toString(), f, "model/w.bin");
    assertThat(root.resolve("model/w.bin")).hasContent("w");
    assertThatThrownBy(() -> up.upload("s3://bucket/1/r/artifacts", f, "w.bin"))
        .isInstanceOfSatisfying(TransportFailure.class, e -> {
          assertThat(e.permanent()).isTrue();
          assertThat(e.getMessage()).contains("s3://bucket").contains("mlflow-artifacts:");
        });
    assertThat(seen).isEmpty();
  }
}
