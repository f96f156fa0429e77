package org.l2o.tracking.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** A REST endpoint that reads MLflow's request parameters and answers one JSON object. */
@FunctionalInterface
interface JsonEndpoint {
  JsonNode handle(RequestReader request);

  /** Adapts to Javalin, reading at most {@code maxBodyBytes} of request body. */
  static Handler of(JsonEndpoint endpoint, long maxBodyBytes) {
    return ctx -> respond(ctx, endpoint.handle(RequestReader.of(ctx, maxBodyBytes)));
  }

  static void respond(Context ctx, JsonNode body) throws JsonProcessingException {
    ctx.contentType("application/json");
    ctx.result(Json.MAPPER.writeValueAsBytes(body));
  }
}
