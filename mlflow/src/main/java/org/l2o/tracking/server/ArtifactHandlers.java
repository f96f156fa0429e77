package org.l2o.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Artifacts: {@code artifacts/list} of the tracking API, and the {@code mlflow-artifacts} proxy
 * (PUT, GET, DELETE of one path, and listing) that lets clients upload without Python.
 */
final class ArtifactHandlers {
  private final FileStore store;
  private final long maxBody;
  private final long maxArtifactBytes;

  ArtifactHandlers(FileStore store, long maxBody, long maxArtifactBytes) {
    this.store = store;
    this.maxBody = maxBody;
    this.maxArtifactBytes = maxArtifactBytes;
  }

  /** Routes relative to the tracking API prefix. */
  List<Route> trackingRoutes() {
    return List.of(
        new Route(HandlerType.GET, "artifacts/list", JsonEndpoint.of(this::listRunArtifacts, maxBody)),
        new Route(HandlerType.POST, "artifacts/list", JsonEndpoint.of(this::listRunArtifacts, maxBody)));
  }

  /** Routes relative to the mlflow-artifacts proxy prefix. */
  List<Route> proxyRoutes() {
    return List.of(
        new Route(HandlerType.GET, "artifacts", JsonEndpoint.of(this::proxyList, maxBody)),
        new Route(HandlerType.PUT, "artifacts/<path>", this::proxyPut),
        new Route(HandlerType.GET, "artifacts/<path>", this::proxyGet),
        new Route(HandlerType.DELETE, "artifacts/<path>", this::proxyDelete));
  }

  /** {@code /get-artifact?run_uuid=..&path=..}, which the MLflow UI downloads files with. */
  Route uiDownloadRoute() {
    return new Route(HandlerType.GET, "get-artifact", this::uiDownload);
  }

  private JsonNode listRunArtifacts(RequestReader r) {
    RunInfo info = store.getRunInfo(r.runId());
    String path = r.string("path") == null ? "" : r.string("path");
    ObjectNode out = Json.object();
    out.put("root_uri", info.artifactUri());
    ArrayNode files = out.putArray("files");
    Path root = store.artifactRoot(info).orElseThrow(() -> MlflowError.invalid(
        "Cannot list artifacts of run " + info.runId() + ": its artifact URI '" + info.artifactUri()
            + "' is not stored by this server (only mlflow-artifacts: and file: URIs are)"));
    Path dir = resolveInside(root, path);
    if (Files.isDirectory(dir)) {
      for (Path child : children(dir)) {
        String rel = root.relativize(child).toString().replace('\\', '/');
        files.add(fileInfo(rel, child));
      }
    }
    return out;
  }

  private JsonNode proxyList(RequestReader r) {
    String rel = r.string("path");
    ObjectNode out = Json.object();
    ArrayNode files = out.putArray("files");
    Path dir = store.proxyPath(rel);
    if (Files.isDirectory(dir)) {
      for (Path child : children(dir)) {
        files.add(fileInfo(child.getFileName().toString(), child));
      }
    }
    return out;
  }

  private void proxyPut(Context ctx) throws IOException {
    FileStore.ProxyTarget resolved = store.resolveProxy(ctx.pathParam("path"));
    Path target = resolved.path();
    if (Files.isDirectory(target)) {
      throw MlflowError.invalid("Cannot upload to '" + ctx.pathParam("path") + "': it is a directory");
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxArtifactBytes) {
      try (InputStream in = ctx.req().getInputStream()) {
        RequestReader.drain(in);
      }
      throw MlflowError.tooLarge("Artifact of " + declared + " bytes exceeds the limit of "
          + maxArtifactBytes + " bytes");
    }
    Files.createDirectories(target.getParent());
    // The temp file sits in the run folder, not among the artifacts, so no listing shows it.
    Path tmp = resolved.runDir().resolve(StoreFiles.TEMP_PREFIX + UUID.randomUUID());
    try (InputStream in = ctx.req().getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > maxArtifactBytes) {
          RequestReader.drain(in);
          throw MlflowError.tooLarge("Artifact exceeds the limit of " + maxArtifactBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    StoreFiles.moveAtomically(tmp, target);
    JsonEndpoint.respond(ctx, Json.object());
  }

  private void proxyGet(Context ctx) throws IOException {
    sendFile(ctx, store.proxyPath(ctx.pathParam("path")), ctx.pathParam("path"));
  }

  private void proxyDelete(Context ctx) throws IOException {
    Path target = store.proxyPath(ctx.pathParam("path"));
    if (Files.isDirectory(target)) {
      try (Stream<Path> walk = Files.walk(target)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    } else {
      Files.deleteIfExists(target);
    }
    JsonEndpoint.respond(ctx, Json.object());
  }

  private void uiDownload(Context ctx) throws IOException {
    String runId = ctx.queryParam("run_uuid") != null ? ctx.queryParam("run_uuid") : ctx.queryParam("run_id");
    String path = ctx.queryParam("path");
    if (runId == null || path == null) {
      throw MlflowError.invalid("Missing value for required parameter 'run_uuid' or 'path'.");
    }
    RunInfo info = store.getRunInfo(runId);
    Path root = store.artifactRoot(info).orElseThrow(() -> MlflowError.invalid(
        "Run " + runId + " keeps artifacts at '" + info.artifactUri() + "', which this server cannot read"));
    sendFile(ctx, resolveInside(root, path), path);
  }

  private static void sendFile(Context ctx, Path file, String shownPath) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw MlflowError.notFound("Artifact '" + shownPath + "' does not exist");
    }
    // Served as MLflow's server does (Flask's send_file): the file's own bytes with their length,
    // never Content-Encoding. Javalin would otherwise gzip the body for any client sending
    // Accept-Encoding: gzip after Content-Length already announced the uncompressed size, and
    // Jetty aborts the response ("written < content-length"). Compressing trained weights,
    // SavedModels and PNGs gains little anyway; JSON answers stay compressible.
    ctx.disableCompression();
    ctx.contentType("application/octet-stream");
    ctx.header("Content-Length", Long.toString(Files.size(file)));
    ctx.result(Files.newInputStream(file));
  }

  /** {@code root/path}, refusing paths that would leave {@code root}. */
  private static Path resolveInside(Path root, String path) {
    if (path.isEmpty()) {
      return root;
    }
    if (!EntityNames.isNormalRelativePath(path)) {
      throw MlflowError.invalid("Invalid artifact path: '" + path
          + "'. Expected a relative path without '..', '.', '//' or a leading '/'.");
    }
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root.normalize())) {
      throw MlflowError.invalid("Invalid artifact path: '" + path + "' leaves the run's artifacts");
    }
    return p;
  }

  private static List<Path> children(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(StoreFiles.TEMP_PREFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode fileInfo(String path, Path p) {
    ObjectNode n = Json.object();
    n.put("path", path);
    boolean dir = Files.isDirectory(p);
    n.put("is_dir", dir);
    if (!dir) {
      try {
        n.put("file_size", Files.size(p));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stat " + p + ": " + e.getMessage(), e);
      }
    }
    return n;
  }
}
