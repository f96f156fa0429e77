package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;

/**
 * Browsers and Python's {@code requests} always send {@code Accept-Encoding: gzip}. Every artifact
 * and JSON endpoint must then answer 200 with the right bytes, compressed or not, for small and
 * multi-MB files alike (the server once answered 500 for any artifact over ~1.5 KB).
 */
class ServerCompressionTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path store;
  private static EmbeddedMlflowServer server;
  private static MlflowClient client;
  private static String exp;
  private static String runId;
  private static final Map<String, byte[]> files = new LinkedHashMap<>();

  /** One server and one upload for all tests: the files are large and the CPUs few. */
  @BeforeAll
  static void start() {
    server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
    client = new MlflowClient(server.uri().toString());
    exp = client.createExperiment("gzip");
    runId = client.createRun(exp).getRunId();
    Random rnd = new Random(17);
    byte[] weights = new byte[5 * 1024 * 1024]; // 5 MB, incompressible
    rnd.nextBytes(weights);
    files.put("optimizer/weights.f32", weights);
    files.put("tiny.txt", "ok\n".getBytes(StandardCharsets.UTF_8));
    StringBuilder csv = new StringBuilder("step,loss\n");
    for (int i = 0; i < 100_000; i++) {
      csv.append(i).append(',').append(1.0 / (i + 1)).append('\n'); // ~2 MB, compressible
    }
    files.put("curves/curve_mean.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    files.put("report.html", "<html><body>".concat("x".repeat(1700)).concat("</body></html>")
        .getBytes(StandardCharsets.UTF_8)); // just over the size where compression starts
    files.forEach((path, bytes) -> assertThat(RawHttp.send("PUT", server.uri(), proxy(path), bytes).status())
        .as("upload %s", path).isEqualTo(200));
    List<Metric> history = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      history.add(Metric.newBuilder().setKey("meta_loss").setValue(1.0 / (i + 1)).setTimestamp(1000 + i).setStep(i).build());
    }
    client.logBatch(runId, history, List.of(), List.of());
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void fiveMegabyteArtifactDownloadsIntactWithGzipAccepted() throws Exception {
    byte[] expected = files.get("optimizer/weights.f32");
    for (String url : List.of(proxy("optimizer/weights.f32"), uiDownload("optimizer/weights.f32"))) {
      Got got = get(url, true);
      assertThat(got.status).as(url).isEqualTo(200);
      assertThat(got.body).as(url).hasSize(expected.length).isEqualTo(expected);
    }
  }

  @Test
  void everyArtifactArrivesByteForByteWithAndWithoutGzip() throws Exception {
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      for (String url : List.of(proxy(f.getKey()), uiDownload(f.getKey()),
          "/ajax-api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/" + f.getKey())) {
        for (boolean gzip : List.of(false, true)) {
          Got got = get(url, gzip);
          assertThat(got.status).as("%s gzip=%s", url, gzip).isEqualTo(200);
          assertThat(got.body).as("%s gzip=%s", url, gzip).isEqualTo(f.getValue());
          if (got.contentLength != null) {
            assertThat(Long.parseLong(got.contentLength)).as("Content-Length of %s", url)
                .isEqualTo(got.wireBytes);
          }
        }
      }
    }
  }

  @Test
  void jsonEndpointsAnswerTheSameWithAndWithoutGzip() throws Exception {
    List<String> urls = List.of(
        "/api/2.0/mlflow/experiments/search?max_results=100",
        "/ajax-api/2.0/mlflow/experiments/get?experiment_id=" + exp,
        "/api/2.0/mlflow/runs/get?run_id=" + runId,
        "/ajax-api/2.0/mlflow/runs/search?experiment_ids=" + exp,
        "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=meta_loss",
        "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=" + runId + "&metric_key=meta_loss",
        "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=optimizer",
        "/api/2.0/mlflow-artifacts/artifacts?path=" + exp + "/" + runId + "/artifacts",
        "/api/2.0/mlflow/registered-models/search",
        "/api/2.0/mlflow/model-versions/search");
    boolean sawCompressed = false;
    for (String url : urls) {
      Got plain = get(url, false);
      Got zipped = get(url, true);
      assertThat(plain.status).as(url).isEqualTo(200);
      assertThat(zipped.status).as(url).isEqualTo(200);
      JsonNode a = Json.MAPPER.readTree(plain.body);
      JsonNode b = Json.MAPPER.readTree(zipped.body);
      assertThat(b).as(url).isEqualTo(a);
      sawCompressed |= "gzip".equals(zipped.contentEncoding);
    }
    // The long metric history is over the compression threshold: JSON may still be compressed.
    assertThat(sawCompressed).as("some JSON answer was gzip-compressed").isTrue();
    assertThat(Json.MAPPER.readTree(get(urls.get(4), true).body).path("metrics")).hasSize(500);
  }

  private static String proxy(String path) {
    return "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + runId + "/artifacts/" + path;
  }

  private static String uiDownload(String path) {
    return "/get-artifact?run_uuid=" + runId + "&path=" + path;
  }

  private record Got(int status, byte[] body, String contentEncoding, String contentLength, long wireBytes) {}

  /** A GET as a browser makes it, decompressing only when the answer says it is gzip. */
  private static Got get(String rawPath, boolean acceptGzip) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + rawPath)).timeout(Duration.ofSeconds(60));
    if (acceptGzip) {
      b.header("Accept-Encoding", "gzip, deflate");
    }
    HttpResponse<byte[]> r = HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    String enc = r.headers().firstValue("Content-Encoding").orElse(null);
    byte[] body = r.body();
    if ("gzip".equals(enc)) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      }
    } else {
      assertThat(enc).as("Content-Encoding of %s", rawPath).isNull();
    }
    return new Got(r.statusCode(), body, enc, r.headers().firstValue("Content-Length").orElse(null), r.body().length);
  }
}
