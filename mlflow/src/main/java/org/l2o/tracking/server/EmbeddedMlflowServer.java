package org.l2o.tracking.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLflow-compatible tracking server in this JVM: the REST subset the MLflow Java client and
 * UI use, the model registry, and the {@code mlflow-artifacts} proxy, over a {@code mlruns/}
 * FileStore (registry under {@code mlruns/models/}) that
 * {@code mlflow ui --backend-store-uri <store> --artifacts-destination <store>} can open.
 *
 * <p>It exists so a pipeline run is tracked with no Python and no separate service. Everything
 * lives in the store folder; stopping and starting the server loses nothing. It binds loopback
 * unless told otherwise, because it has no authentication.
 */
public final class EmbeddedMlflowServer implements AutoCloseable {
  public static final String HOST_DEFAULT = "127.0.0.1";
  public static final int PORT_DEFAULT = 5000;
  public static final long MAX_JSON_BODY_BYTES_DEFAULT = 16L * 1024 * 1024;
  public static final long MAX_ARTIFACT_BYTES_DEFAULT = 4L * 1024 * 1024 * 1024;

  static final List<String> TRACKING_PREFIXES = List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/");
  static final List<String> PROXY_PREFIXES =
      List.of("/api/2.0/mlflow-artifacts/", "/ajax-api/2.0/mlflow-artifacts/");

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMlflowServer.class);

  /** Request size limits: JSON bodies are read into memory, artifacts are streamed to disk. */
  public record Limits(long maxJsonBodyBytes, long maxArtifactBytes) {
    public Limits {
      if (maxJsonBodyBytes < 1024 || maxArtifactBytes < 1) {
        throw new IllegalArgumentException("server limits must be positive and allow at least 1 KiB of JSON, got "
            + maxJsonBodyBytes + " / " + maxArtifactBytes);
      }
    }

    public static Limits defaults() {
      return new Limits(MAX_JSON_BODY_BYTES_DEFAULT, MAX_ARTIFACT_BYTES_DEFAULT);
    }
  }

  private final Javalin app;
  private final FileStore store;
  private final String host;
  private final Limits limits;

  private EmbeddedMlflowServer(Javalin app, FileStore store, String host, Limits limits) {
    this.app = app;
    this.store = store;
    this.host = host;
    this.limits = limits;
  }

  /** Starts a server on {@code host:port} (port 0 picks a free one) over the store folder. */
  public static EmbeddedMlflowServer start(String host, int port, Path store) {
    return start(host, port, store, Limits.defaults());
  }

  public static EmbeddedMlflowServer start(String host, int port, Path storeDir, Limits limits) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 = any free port), got " + port);
    }
    String bindHost = host == null || host.isBlank() ? HOST_DEFAULT : host;
    FileStore store = FileStore.open(storeDir);
    try {
      Javalin app = Javalin.create(cfg -> configure(cfg, store, bindHost, port, limits));
      app.start();
      EmbeddedMlflowServer server = new EmbeddedMlflowServer(app, store, bindHost, limits);
      LOG.info("MLflow-compatible tracking server on {} serving store {}", server.uri(), store.root());
      return server;
    } catch (RuntimeException e) {
      store.close();
      throw new IllegalStateException("cannot start the MLflow server on " + bindHost + ":" + port
          + ": " + e.getMessage() + "; pick another --port (0 = any free port)", e);
    }
  }

  private static void configure(JavalinConfig cfg, FileStore store, String host, int port, Limits limits) {
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.jetty.host = host;
    cfg.jetty.port = port;
    cfg.http.maxRequestSize = limits.maxJsonBodyBytes();
    long maxBody = limits.maxJsonBodyBytes();
    ArtifactHandlers artifacts = new ArtifactHandlers(store, maxBody, limits.maxArtifactBytes());
    List<Route> tracking = new ArrayList<>();
    tracking.addAll(new ExperimentHandlers(store, maxBody).routes());
    tracking.addAll(new RunHandlers(store, maxBody).routes());
    tracking.addAll(artifacts.trackingRoutes());
    tracking.addAll(new RegistryHandlers(new ModelRegistryStore(store.root()), store, maxBody).routes());
    for (String prefix : TRACKING_PREFIXES) {
      tracking.forEach(r -> cfg.routes.addHttpHandler(r.method(), prefix + r.path(), r.handler()));
    }
    for (String prefix : PROXY_PREFIXES) {
      artifacts.proxyRoutes().forEach(r -> cfg.routes.addHttpHandler(r.method(), prefix + r.path(), r.handler()));
    }
    Route download = artifacts.uiDownloadRoute();
    cfg.routes.addHttpHandler(download.method(), "/" + download.path(), download.handler());
    cfg.routes.get("/health", ctx -> ctx.result("OK"));
    cfg.routes.get("/version", ctx -> ctx.result("2.17.2"));
    cfg.routes.exception(MlflowError.class, (e, ctx) -> error(ctx, e.httpStatus(), e.code(), e.getMessage()));
    cfg.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
        e.getStatus() == 404 ? ErrorCode.ENDPOINT_NOT_FOUND
            : e.getStatus() >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_PARAMETER_VALUE,
        e.getStatus() == 404 ? "No endpoint " + ctx.method() + " " + ctx.path() + "; see the MLflow REST API"
            : e.getMessage()));
    cfg.routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("MLflow server: {} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, ErrorCode.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage());
    });
    cfg.routes.error(404, ctx -> {
      if (ctx.attribute("mlflowError") == null) {
        error(ctx, 404, ErrorCode.ENDPOINT_NOT_FOUND,
            "No endpoint " + ctx.method() + " " + ctx.path() + "; see the MLflow REST API");
      }
    });
  }

  private static void error(Context ctx, int status, ErrorCode code, String message) {
    ctx.attribute("mlflowError", Boolean.TRUE);
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Json.object().put("error_code", code.name()).put("message", message).toString());
  }

  /** The URL clients use: loopback when bound to all interfaces. */
  public URI uri() {
    String h = host.equals("0.0.0.0") || host.equals("::") ? HOST_DEFAULT : host;
    if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return URI.create("http://" + h + ":" + app.port());
  }

  public int port() {
    return app.port();
  }

  public Path store() {
    return store.root();
  }

  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedMlflowServer{host=" + host + ", port=" + app.port() + ", store=" + store.root()
        + ", maxJsonBodyBytes=" + limits.maxJsonBodyBytes() + ", maxArtifactBytes="
        + limits.maxArtifactBytes() + "}";
  }
}
