package org.l2o.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Uploads artifacts without the MLflow client, whose artifact calls run Python. A run whose
 * artifact URI is {@code mlflow-artifacts:} gets an HTTP PUT to the server's proxy; a
 * {@code file:} URI (a server sharing this machine's disk) gets a copy. Anything else (s3:,
 * gs:, ...) is refused with the file left where it is.
 */
final class ArtifactUploader {
  static final String PROXY_SCHEME = "mlflow-artifacts:";
  static final String PROXY_PATH = "/api/2.0/mlflow-artifacts/artifacts/";

  private final URI trackingUri;
  private final TrackingCredentials creds;
  private final TrackingOptions options;
  private final HttpClient http;

  ArtifactUploader(URI trackingUri, TrackingCredentials creds, TrackingOptions options) {
    this.trackingUri = trackingUri;
    this.creds = creds;
    this.options = options;
    this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
        .version(HttpClient.Version.HTTP_1_1).build();
  }

  /**
   * Puts {@code file} at {@code artifactPath} (relative, '/'-separated) under the run's
   * {@code artifactUri}.
   */
  void upload(String artifactUri, Path file, String artifactPath) throws TransportFailure {
    if (!Files.isRegularFile(file)) {
      throw new TransportFailure("artifact file " + file + " does not exist (any more); not uploaded", true);
    }
    if (artifactUri.startsWith(PROXY_SCHEME)) {
      put(proxyUrl(artifactUri, artifactPath), file, artifactPath);
    } else if (artifactUri.startsWith("file:") || artifactUri.startsWith("/")) {
      copy(artifactUri, file, artifactPath);
    } else {
      throw new TransportFailure("cannot upload " + file + ": the run's artifact URI '" + artifactUri
          + "' uses a scheme this tracker does not write (only mlflow-artifacts: and file:); start the"
          + " MLflow server with --serve-artifacts", true);
    }
  }

  /** The proxy URL: the tracking server (or the URI's own authority) + the run's artifact path. */
  URI proxyUrl(String artifactUri, String artifactPath) {
    String rest = artifactUri.substring(PROXY_SCHEME.length());
    String scheme = trackingUri.getScheme();
    String authority = trackingUri.getRawAuthority();
    String basePath = MlflowClients.stripTrailingSlash(trackingUri.getRawPath() == null ? "" : trackingUri.getRawPath());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      rest = slash < 0 ? "" : rest.substring(slash);
      basePath = "";
    }
    String runPath = rest.replaceAll("^/+", "").replaceAll("/+$", "");
    String path = basePath + PROXY_PATH + runPath + (artifactPath.isEmpty() ? "" : "/" + artifactPath);
    try {
      return new URI(scheme, authority, path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot build an artifact URL from tracking URI " + trackingUri
          + " and artifact URI " + artifactUri + ": " + e.getMessage(), e);
    }
  }

  private void put(URI url, Path file, String artifactPath) throws TransportFailure {
    String what = "PUT mlflow-artifacts " + artifactPath;
    HttpRequest.Builder req;
    try {
      req = HttpRequest.newBuilder(url).timeout(options.requestTimeout())
          .header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.ofFile(file));
    } catch (IOException e) {
      throw new TransportFailure("cannot read artifact " + file + ": " + e.getMessage(), true);
    }
    creds.authorizationHeader().ifPresent(h -> req.header("Authorization", h));
    HttpResponse<String> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TransportFailure(what, e, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportFailure(what, e, false);
    }
    int s = resp.statusCode();
    if (s >= 200 && s < 300) {
      return;
    }
    boolean permanent = s >= 400 && s < 500 && s != 408 && s != 429;
    throw new TransportFailure(what + " failed: HTTP " + s + " " + abbreviate(resp.body()) + " (" + url + ")",
        permanent);
  }

  private static void copy(String artifactUri, Path file, String artifactPath) throws TransportFailure {
    Path root = artifactUri.startsWith("/") ? Path.of(artifactUri) : Path.of(URI.create(artifactUri));
    Path target = root.resolve(artifactPath).normalize();
    if (!target.startsWith(root.normalize())) {
      throw new TransportFailure("artifact path '" + artifactPath + "' leaves the run's artifact folder", true);
    }
    try {
      Files.createDirectories(target.getParent());
      Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UncheckedIOException e) {
      throw new TransportFailure("cannot copy " + file + " to " + target + " (artifact URI " + artifactUri
          + "): " + e.getMessage(), true);
    }
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replace('\n', ' ');
    return one.length() <= 300 ? one : one.substring(0, 300) + "...";
  }
}
