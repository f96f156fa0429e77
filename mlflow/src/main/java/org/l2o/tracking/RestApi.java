package org.l2o.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * JSON calls to a tracking server's REST API ({@code /api/2.0/mlflow/...}) and file downloads,
 * for the calls the 2.17 Java client lacks (registry writes) or makes slow (it retries every 4xx
 * answer, where "already exists" or "not found" is an answer, not a failure). An unreachable
 * server is a {@link TrackingUnavailableException}; an MLflow error answer a
 * {@link MlflowRestException} carrying its error code.
 */
final class RestApi {
  static final String API = "/api/2.0/mlflow/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final TrackingCredentials creds;
  private final TrackingOptions options;
  private final HttpClient http;

  RestApi(URI trackingUri, TrackingCredentials creds, TrackingOptions options) {
    this.base = URI.create(MlflowClients.stripTrailingSlash(trackingUri.toString()));
    this.creds = creds;
    this.options = options;
    this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
        .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  URI base() {
    return base;
  }

  /** GET {@code api/2.0/mlflow/<endpoint>?<query>}. */
  JsonNode get(String endpoint, Map<String, String> query) {
    StringBuilder q = new StringBuilder();
    query.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(enc(k)).append('=').append(enc(v)));
    return json("GET " + endpoint, request(URI.create(base + API + endpoint + q)).GET());
  }

  /** GET of any JSON URL on the server (e.g. the mlflow-artifacts listing). */
  JsonNode get(URI url) {
    return json("GET " + url, request(url).GET());
  }

  /** POST {@code api/2.0/mlflow/<endpoint>} with a JSON body. */
  JsonNode post(String endpoint, JsonNode body) {
    return json("POST " + endpoint, request(URI.create(base + API + endpoint))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** GET of {@code url} into {@code target}, atomically (a temp file renamed when complete). */
  void download(URI url, Path target) {
    HttpResponse<InputStream> r = send("GET " + url, request(url).GET(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw error("GET " + url, r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".download-", ".tmp");
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new TrackingUnavailableException("tracking: downloading " + url + " into " + target + " failed: "
          + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(URI url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(options.requestTimeout());
    creds.authorizationHeader().ifPresent(h -> b.header("Authorization", h));
    return b;
  }

  private JsonNode json(String what, HttpRequest.Builder req) {
    HttpResponse<String> r = send(what, req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw error(what, r.statusCode(), r.body());
    }
    try {
      return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new MlflowRestException(what + " on " + base + ": the answer is not JSON: " + abbreviate(r.body()),
          r.statusCode(), null);
    }
  }

  private <T> HttpResponse<T> send(String what, HttpRequest.Builder req, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(req.build(), handler);
    } catch (IOException e) {
      throw new TrackingUnavailableException("tracking: cannot reach the MLflow server at " + base + " (" + what
          + "): " + TransportFailure.describe(e) + "; start one (l2o mlflow-server --store <dir>/mlruns) or fix "
          + TrackingSession.ENV_TRACKING_URI, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingUnavailableException("tracking: interrupted during " + what, e);
    }
  }

  private MlflowRestException error(String what, int status, String body) {
    String code = null;
    String message = abbreviate(body);
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.has("error_code")) {
        code = n.path("error_code").asText();
        message = code + ": " + n.path("message").asText();
      }
    } catch (IOException ignored) {
      // not MLflow's error JSON: keep the raw text
    }
    return new MlflowRestException(what + " on " + base + " failed: HTTP " + status + " " + message, status, code);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replace('\n', ' ');
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }
}
