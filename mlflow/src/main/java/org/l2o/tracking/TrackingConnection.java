package org.l2o.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.l2o.tracking.SpoolRecord.SpooledMetric;
import org.mlflow.api.proto.Service;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;

/**
 * One tracking server: the MLflow Java client for the REST calls, our uploader for artifacts.
 * Every call either succeeds or throws a classified {@link TransportFailure}.
 */
final class TrackingConnection implements AutoCloseable {
  private final URI uri;
  private final MlflowClient client;
  private final ArtifactUploader artifacts;
  private final TrackingOptions options;
  private final Map<String, String> artifactUris = new ConcurrentHashMap<>();

  TrackingConnection(URI uri, TrackingCredentials creds, TrackingOptions options) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("tracking URI must be http(s)://host:port, got '" + uri
          + "'; the MLflow Java client cannot log to file: or databricks URIs here");
    }
    this.uri = URI.create(MlflowClients.stripTrailingSlash(uri.toString()));
    this.client = MlflowClients.create(this.uri, creds, options);
    this.artifacts = new ArtifactUploader(this.uri, creds, options);
    this.options = options;
  }

  URI uri() {
    return uri;
  }

  TrackingOptions options() {
    return options;
  }

  /** The experiment's id, creating it when missing (and tolerating a concurrent creation). */
  String experimentId(String name) throws TransportFailure {
    try {
      Optional<Experiment> found = client.getExperimentByName(name);
      if (found.isPresent()) {
        return found.get().getExperimentId();
      }
    } catch (MlflowHttpException e) {
      if (e.getStatusCode() != 404) {
        throw TransportFailure.of("GET experiments/get-by-name", e);
      }
    } catch (MlflowClientException e) {
      throw TransportFailure.of("GET experiments/get-by-name", e);
    }
    try {
      return client.createExperiment(name);
    } catch (MlflowHttpException e) {
      if (e.getStatusCode() == 400 && String.valueOf(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS")) {
        try {
          return client.getExperimentByName(name).orElseThrow().getExperimentId();
        } catch (RuntimeException again) {
          throw TransportFailure.of("GET experiments/get-by-name", again);
        }
      }
      throw TransportFailure.of("POST experiments/create", e);
    } catch (MlflowClientException e) {
      throw TransportFailure.of("POST experiments/create", e);
    }
  }

  String createRun(String experimentId, String runName, long startTime, Map<String, String> tags)
      throws TransportFailure {
    CreateRun.Builder b = CreateRun.newBuilder().setExperimentId(experimentId).setStartTime(startTime);
    String user = System.getProperty("user.name");
    if (user != null) {
      b.setUserId(user);
    }
    if (runName != null) {
      b.setRunName(runName);
    }
    tags.forEach((k, v) -> b.addTags(Service.RunTag.newBuilder().setKey(k).setValue(v)));
    try {
      Service.RunInfo info = client.createRun(b.build());
      artifactUris.put(info.getRunId(), info.getArtifactUri());
      return info.getRunId();
    } catch (RuntimeException e) {
      throw TransportFailure.of("POST runs/create", e);
    }
  }

  /** The params and latest metrics of {@code runId}. */
  RecordedRun recordedRun(String runId) throws TransportFailure {
    try {
      Service.RunData data = client.getRun(runId).getData();
      Map<String, String> params = new LinkedHashMap<>();
      data.getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
      List<RecordedRun.LatestMetric> metrics = data.getMetricsList().stream()
          .map(m -> new RecordedRun.LatestMetric(m.getKey(), m.getValue(), m.getStep())).toList();
      return new RecordedRun(params, metrics);
    } catch (RuntimeException e) {
      throw TransportFailure.of("GET runs/get", e);
    }
  }

  /** A run in the experiment carrying tag {@code key=value}, if any (all lifecycle stages). */
  Optional<String> findRunByTag(String experimentId, String key, String value) throws TransportFailure {
    String filter = "tags.`" + key + "` = '" + value.replace("'", "\\'") + "'";
    try {
      RunsPage page = client.searchRuns(List.of(experimentId), filter, ViewType.ALL, 10);
      return page.getItems().stream().map(r -> r.getInfo().getRunId()).findFirst();
    } catch (RuntimeException e) {
      throw TransportFailure.of("POST runs/search", e);
    }
  }

  void logBatch(String runId, List<SpooledMetric> metrics, Map<String, String> params, Map<String, String> tags)
      throws TransportFailure {
    List<Service.Metric> m = new ArrayList<>(metrics.size());
    for (SpooledMetric x : metrics) {
      m.add(Service.Metric.newBuilder().setKey(x.key()).setValue(x.value()).setTimestamp(x.timestamp())
          .setStep(x.step()).build());
    }
    List<Service.Param> p = new ArrayList<>(params.size());
    params.forEach((k, v) -> p.add(Service.Param.newBuilder().setKey(k).setValue(v).build()));
    List<Service.RunTag> t = new ArrayList<>(tags.size());
    tags.forEach((k, v) -> t.add(Service.RunTag.newBuilder().setKey(k).setValue(v).build()));
    try {
      client.logBatch(runId, m, p, t);
    } catch (RuntimeException e) {
      throw TransportFailure.of("POST runs/log-batch", e);
    }
  }

  void setTerminated(String runId, RunStatus status, long endTime) throws TransportFailure {
    try {
      client.setTerminated(runId, Service.RunStatus.valueOf(status.name()), endTime);
    } catch (RuntimeException e) {
      throw TransportFailure.of("POST runs/update", e);
    }
  }

  /**
   * Every value of one metric, following next_page_token: the 2.17 client's own
   * getMetricHistory cannot page, and real servers page long histories.
   */
  List<SpooledMetric> metricHistory(String runId, String key) throws TransportFailure {
    List<SpooledMetric> out = new ArrayList<>();
    String token = null;
    do {
      String path = "metrics/get-history?run_id=" + enc(runId) + "&metric_key=" + enc(key)
          + "&max_results=25000" + (token == null ? "" : "&page_token=" + enc(token));
      JsonNode body;
      try {
        body = SpoolRecord.MAPPER.readTree(client.sendGet(path));
      } catch (RuntimeException e) {
        throw TransportFailure.of("GET metrics/get-history", e);
      } catch (Exception e) {
        throw new TransportFailure("GET metrics/get-history: unreadable answer", e, true);
      }
      for (JsonNode m : body.path("metrics")) {
        out.add(new SpooledMetric(key, number(m.path("value")), m.path("timestamp").asLong(),
            m.path("step").asLong()));
      }
      token = body.path("next_page_token").asText(null);
      if (token != null && token.isEmpty()) {
        token = null;
      }
    } while (token != null);
    return out;
  }

  void uploadArtifact(String runId, Path file, String artifactPath) throws TransportFailure {
    artifacts.upload(artifactUri(runId), file, artifactPath);
  }

  private String artifactUri(String runId) throws TransportFailure {
    String cached = artifactUris.get(runId);
    if (cached != null) {
      return cached;
    }
    try {
      String u = client.getRun(runId).getInfo().getArtifactUri();
      artifactUris.put(runId, u);
      return u;
    } catch (RuntimeException e) {
      throw TransportFailure.of("GET runs/get", e);
    }
  }

  private static double number(JsonNode v) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    String t = v.asText();
    return switch (t) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(t);
    };
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "TrackingConnection{uri=" + uri + ", " + options + "}";
  }
}
