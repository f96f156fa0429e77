package org.l2o.tracking;

import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * A failed call to the tracking server, classified: a transient failure (unreachable, timeout,
 * 5xx, 429) is spooled and retried later; a permanent one (any other 4xx: a changed param, a bad
 * key) would fail again, so it is reported and dropped.
 */
final class TransportFailure extends Exception {
  private final boolean permanent;

  TransportFailure(String what, Throwable cause, boolean permanent) {
    super(what + " failed: " + describe(cause), cause);
    this.permanent = permanent;
  }

  TransportFailure(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  /** Classifies an exception of the MLflow client (or of our own HTTP calls). */
  static TransportFailure of(String what, RuntimeException e) {
    if (e instanceof MlflowHttpException h) {
      int s = h.getStatusCode();
      return new TransportFailure(what, e, s >= 400 && s < 500 && s != 408 && s != 429);
    }
    if (e instanceof MlflowClientException) {
      return new TransportFailure(what, e, false);
    }
    throw e;
  }

  boolean permanent() {
    return permanent;
  }

  /** A one-line cause: HTTP status and MLflow's message, or the network error. */
  static String describe(Throwable e) {
    if (e instanceof MlflowHttpException h) {
      String body = h.getBodyMessage() == null ? "" : h.getBodyMessage();
      try {
        var node = SpoolRecord.MAPPER.readTree(body);
        if (node != null && node.has("message")) {
          body = node.path("error_code").asText() + ": " + node.path("message").asText();
        }
      } catch (Exception ignored) {
        // not MLflow's JSON error; show the raw body
      }
      return h.getStatusCode() + " " + h.getReasonPhrase() + (body.isEmpty() ? "" : " (" + body + ")");
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + msg;
  }
}
