package org.l2o.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.env.EnvironmentInfo;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;

/** The pipeline's parent run carries MLflow's source tags, so the UI's Source column shows the command and commit. */
class MlflowRunTrackingTest {
  @TempDir Path tmp;

  @Test
  void parentRunHasSourceTagsAndTheCommandAsTyped() throws Exception {
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, tmp.resolve("mlruns"))) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put(EnvironmentInfo.GIT_COMMIT, "0123abcd0123abcd0123abcd0123abcd0123abcd");
      String command = "l2o run --profile smoke --outdir /tmp/out -p data_mirrors=file:///data/";
      try (MlflowRunTracking t = MlflowRunTracking.open(tmp, ProfileParams.resolve("smoke", null, List.of()),
          EnvironmentInfo.of(env), Map.of("MLFLOW_TRACKING_URI", server.uri().toString()), command,
          new PrintStream(new ByteArrayOutputStream()))) {
        assertThat(t.describe()).contains("parent run");
      }
      try (MlflowClient client = new MlflowClient(server.uri().toString())) {
        String exp = client.getExperimentByName("l2o").orElseThrow().getExperimentId();
        Run run = client.searchRuns(List.of(exp), "", ViewType.ALL, 10).getItems().get(0);
        Map<String, String> tags = new LinkedHashMap<>();
        run.getData().getTagsList().forEach(x -> tags.put(x.getKey(), x.getValue()));
        assertThat(tags).containsEntry("mlflow.source.name", "l2o run --profile smoke")
            .containsEntry("mlflow.source.type", "LOCAL")
            .containsEntry("mlflow.source.git.commit", "0123abcd0123abcd0123abcd0123abcd0123abcd")
            .containsEntry("l2o.command", command);
        assertThat(tags.get("mlflow.source.name")).as("the UI shows what follows the last '/'").doesNotContain("/");
      }
    }
  }
}
