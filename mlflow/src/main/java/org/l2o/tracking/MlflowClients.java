package org.l2o.tracking;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.net.URI;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;
import org.mlflow_project.apachehttp.client.config.RequestConfig;
import org.mlflow_project.apachehttp.impl.client.CloseableHttpClient;
import org.mlflow_project.apachehttp.impl.client.HttpClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds MLflow Java clients with bounded timeouts.
 *
 * <p>Why reflection: the 2.17 client builds its HTTP client with no timeouts and offers no way
 * to pass one, so a hung server would hang the task forever instead of letting it spool. Its
 * package-private {@code MlflowHttpCaller} has a constructor taking an HTTP client (marked
 * VisibleForTesting); we build one with timeouts and put it in place. If a future client
 * changes those internals, we fall back to the stock client and say so.
 */
final class MlflowClients {
  private static final Logger LOG = LoggerFactory.getLogger(MlflowClients.class);
  /** How long the client keeps retrying HTTP 429 answers. */
  private static final int RATE_LIMIT_BUDGET_MS = 20_000;
  private static final int RATE_LIMIT_FIRST_SLEEP_MS = 1_000;

  /**
   * The shaded Apache client logs every retried I/O error at INFO through java.util.logging,
   * straight to the terminal. Our own warning says what failed and where it was spooled, so its
   * chatter is raised to WARNING. Held in a field: JUL keeps loggers only weakly.
   */
  private static final java.util.logging.Logger SHADED_HTTP_LOG = quietShadedHttpClient();

  private MlflowClients() {}

  private static java.util.logging.Logger quietShadedHttpClient() {
    java.util.logging.Logger l = java.util.logging.Logger.getLogger("org.mlflow_project.apachehttp");
    l.setLevel(java.util.logging.Level.WARNING);
    return l;
  }

  static MlflowClient create(URI trackingUri, TrackingCredentials creds, TrackingOptions options) {
    String host = stripTrailingSlash(trackingUri.toString());
    BasicMlflowHostCreds hostCreds =
        new BasicMlflowHostCreds(host, creds.username(), creds.password(), creds.token(), false);
    MlflowClient client = new MlflowClient(hostCreds);
    try {
      RequestConfig config = RequestConfig.custom()
          .setConnectTimeout((int) options.connectTimeout().toMillis())
          .setConnectionRequestTimeout((int) options.connectTimeout().toMillis())
          .setSocketTimeout((int) options.requestTimeout().toMillis())
          .build();
      CloseableHttpClient http = HttpClientBuilder.create().setDefaultRequestConfig(config).build();
      Class<?> callerClass = Class.forName("org.mlflow.tracking.MlflowHttpCaller");
      Constructor<?> ctor = callerClass.getDeclaredConstructor(
          MlflowHostCredsProvider.class, int.class, int.class, int.class, CloseableHttpClient.class);
      ctor.setAccessible(true);
      Object caller = ctor.newInstance(
          hostCreds, RATE_LIMIT_BUDGET_MS, RATE_LIMIT_FIRST_SLEEP_MS, options.maxAttempts(), http);
      Field field = MlflowClient.class.getDeclaredField("httpCaller");
      field.setAccessible(true);
      field.set(client, caller);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("tracking: cannot set timeouts on the MLflow client ({}); a hung server may block"
          + " logging until it answers", e.toString());
    }
    return client;
  }

  static String stripTrailingSlash(String s) {
    String out = s;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }
}
