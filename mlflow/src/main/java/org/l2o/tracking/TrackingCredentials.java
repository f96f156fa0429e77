package org.l2o.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials for a tracking server, from the variables MLflow's own clients read: basic auth
 * from {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD}, else a bearer token
 * from {@code MLFLOW_TRACKING_TOKEN}. Both the MLflow client and our artifact uploads use them.
 */
public record TrackingCredentials(String username, String password, String token) {
  public static final String ENV_USERNAME = "MLFLOW_TRACKING_USERNAME";
  public static final String ENV_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
  public static final String ENV_TOKEN = "MLFLOW_TRACKING_TOKEN";

  public static TrackingCredentials none() {
    return new TrackingCredentials(null, null, null);
  }

  public static TrackingCredentials fromEnvironment(Map<String, String> env) {
    return new TrackingCredentials(blankToNull(env.get(ENV_USERNAME)), blankToNull(env.get(ENV_PASSWORD)),
        blankToNull(env.get(ENV_TOKEN)));
  }

  /** The Authorization header value, with the same precedence as the MLflow Java client. */
  public Optional<String> authorizationHeader() {
    if (username != null && password != null) {
      return Optional.of("Basic " + Base64.getEncoder()
          .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    if (token != null) {
      return Optional.of("Bearer " + token);
    }
    return Optional.empty();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Never prints secrets. */
  @Override
  public String toString() {
    return "TrackingCredentials{" + (username != null ? "basic user=" + username : token != null ? "bearer" : "none") + "}";
  }
}
