package org.l2o.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls for tests that need the status code and body the MLflow client hides. */
final class RawHttp {
  record Response(int status, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  private RawHttp() {}

  static Response send(String method, URI base, String rawPath, byte[] body) {
    HttpRequest.BodyPublisher pub =
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + rawPath)).timeout(Duration.ofSeconds(30))
        .method(method, pub).build();
    try {
      HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + rawPath + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Response post(URI base, String rawPath, String json) {
    return send("POST", base, rawPath, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static Response get(URI base, String rawPath) {
    return send("GET", base, rawPath, null);
  }
}
