package org.l2o.tracking.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request's parameters, from the JSON body of a POST/PATCH or the query string of a GET: MLflow
 * accepts both for its read endpoints, and the UI and the clients use both.
 */
final class RequestReader {
  private final ObjectNode body;
  private final Map<String, List<String>> query;

  private RequestReader(ObjectNode body, Map<String, List<String>> query) {
    this.body = body;
    this.query = query;
  }

  /** Reads at most {@code maxBodyBytes} of body; more is refused with HTTP 413. */
  static RequestReader of(Context ctx, long maxBodyBytes) {
    ObjectNode body = Json.object();
    if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
      byte[] bytes = readBounded(ctx, maxBodyBytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      if (!text.isBlank()) {
        JsonNode parsed;
        try {
          parsed = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
          throw MlflowError.invalid("Malformed JSON request body: " + e.getOriginalMessage()
              + "; expected a JSON object such as {\"run_id\": \"...\"}");
        }
        if (!(parsed instanceof ObjectNode)) {
          throw MlflowError.invalid(
              "Malformed request body: expected a JSON object, got " + parsed.getNodeType());
        }
        body = (ObjectNode) parsed;
      }
    }
    return new RequestReader(body, ctx.queryParamMap());
  }

  /** Beyond this, an over-limit body is not read to its end: the connection is simply closed. */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  static byte[] readBounded(Context ctx, long maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared > maxBytes) {
        drain(in);
        throw tooLarge(declared, maxBytes);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        drain(in);
        throw tooLarge(bytes.length, maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read request body: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and discards what the client is still sending (up to {@link #DRAIN_LIMIT}), so that it
   * gets to read the 413 instead of a connection reset mid-upload.
   */
  static void drain(InputStream in) {
    try {
      long left = DRAIN_LIMIT;
      byte[] sink = new byte[64 * 1024];
      int n;
      while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException ignored) {
      // the client went away: nothing left to answer
    }
  }

  private static MlflowError tooLarge(long size, long max) {
    return MlflowError.tooLarge("Request body of " + size + " bytes exceeds the limit of " + max
        + " bytes; split the request (log-batch takes at most 1000 metrics)");
  }

  JsonNode body() {
    return body;
  }

  /** A string parameter, or null. Numbers in the body are returned as their text. */
  String string(String name) {
    JsonNode v = body.get(name);
    if (v != null && !v.isNull()) {
      return v.isValueNode() ? v.asText() : v.toString();
    }
    List<String> q = query.get(name);
    return q == null || q.isEmpty() ? null : q.get(0);
  }

  String required(String name) {
    String v = string(name);
    if (v == null || v.isEmpty()) {
      throw MlflowError.invalid("Missing value for required parameter '" + name + "'.");
    }
    return v;
  }

  /** The run id, sent as run_id by current clients and run_uuid by old ones. */
  String runId() {
    String id = string("run_id");
    if (id == null || id.isEmpty()) {
      id = string("run_uuid");
    }
    if (id == null || id.isEmpty()) {
      throw MlflowError.invalid("Missing value for required parameter 'run_id'.");
    }
    return id;
  }

  Long int64(String name, Long fallback) {
    if (body.has(name)) {
      return Json.int64(body, name, fallback);
    }
    String q = string(name);
    if (q == null || q.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(q.trim());
    } catch (NumberFormatException e) {
      throw MlflowError.invalid("Invalid value '" + q + "' for parameter '" + name
          + "' supplied: expected an int64");
    }
  }

  /** A repeated string parameter: a JSON array in the body, or a repeated query parameter. */
  List<String> strings(String name) {
    JsonNode v = body.get(name);
    List<String> out = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(e -> out.add(e.asText()));
      return out;
    }
    if (v != null && v.isValueNode() && !v.isNull()) {
      out.add(v.asText());
      return out;
    }
    List<String> q = query.get(name);
    if (q != null) {
      out.addAll(q);
    }
    return out;
  }

  int maxResults(int fallback, int limit) {
    long n = int64("max_results", (long) fallback);
    if (n < 1 || n > limit) {
      throw MlflowError.invalid("Invalid value " + n + " for parameter 'max_results' supplied."
          + " It must be between 1 and " + limit + ".");
    }
    return (int) n;
  }
}
