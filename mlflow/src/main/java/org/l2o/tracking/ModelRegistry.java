package org.l2o.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A tracking server's model registry and the runs behind it, over MLflow's REST API: read a run
 * and its children, register a run's logged model, and resolve a {@code models:/} URI to its
 * files. Works with the embedded server and with any MLflow server that serves artifacts
 * ({@code mlflow-artifacts:} URIs) or shares this machine's disk ({@code file:} URIs).
 */
public final class ModelRegistry {
  public static final String MODELS_SCHEME = "models:/";

  /** {@code models:/<name>/<version>} or {@code models:/<name>@<alias>}. */
  private static final Pattern MODEL_URI = Pattern.compile("^models:/([^/@]+)(?:/(\\d+)|@([\\w\\-]+))/?$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SEARCH_PAGE = 1000;

  /** A run as far as choosing and registering its model goes. */
  public record TrackedRun(String runId, String experimentId, String name, String artifactUri,
      Map<String, String> tags, Map<String, Double> metrics) {
    public TrackedRun {
      tags = Map.copyOf(tags);
      metrics = Map.copyOf(metrics);
    }

    /** The artifact paths of the MLflow Models this run logged ({@link Tags#LOGGED_MODELS}). */
    public List<String> loggedModelPaths() {
      String history = tags.get(Tags.LOGGED_MODELS);
      List<String> out = new ArrayList<>();
      if (history == null) {
        return out;
      }
      try {
        for (JsonNode m : JSON.readTree(history)) {
          String p = m.path("artifact_path").asText("");
          if (!p.isEmpty() && !out.contains(p)) {
            out.add(p);
          }
        }
      } catch (IOException e) {
        // a malformed tag names no model
      }
      return out;
    }

    public Optional<String> tag(String key) {
      return Optional.ofNullable(tags.get(key));
    }
  }

  /** One registered model version and where its files are. */
  public record VersionRef(String name, String version, String source, String runId, String downloadUri) {
    public String uri() {
      return MODELS_SCHEME + name + "/" + version;
    }
  }

  private final RestApi api;
  private final ArtifactUploader proxy;

  private ModelRegistry(RestApi api, ArtifactUploader proxy) {
    this.api = api;
    this.proxy = proxy;
  }

  public static ModelRegistry connect(URI trackingUri, TrackingCredentials creds, TrackingOptions options) {
    String scheme = trackingUri.getScheme() == null ? "" : trackingUri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("tracking URI must be http(s)://host:port, got '" + trackingUri + "'");
    }
    return new ModelRegistry(new RestApi(trackingUri, creds, options), new ArtifactUploader(trackingUri, creds, options));
  }

  /**
   * The registry of {@code MLFLOW_TRACKING_URI} in {@code env}, with its credentials.
   *
   * @throws IllegalStateException naming the variable when it is not set
   */
  public static ModelRegistry fromEnvironment(Map<String, String> env, String neededFor) {
    String uri = env.get(TrackingSession.ENV_TRACKING_URI);
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException(neededFor + " needs a tracking server to resolve it: set "
          + TrackingSession.ENV_TRACKING_URI + " (e.g. http://127.0.0.1:5000 while `l2o mlflow-server --store"
          + " <outdir>/mlruns` runs)");
    }
    return connect(URI.create(uri.trim()), TrackingCredentials.fromEnvironment(env), TrackingOptions.defaults());
  }

  public URI trackingUri() {
    return api.base();
  }

  // ---------------------------------------------------------------- runs

  public TrackedRun run(String runId) {
    try {
      return trackedRun(api.get("runs/get", Map.of("run_id", runId)).path("run"));
    } catch (MlflowRestException e) {
      if (e.status() == 404) {
        throw new IllegalArgumentException("no run '" + runId + "' on " + api.base()
            + "; copy a run id from the MLflow UI or `runs/search`", e);
      }
      throw e;
    }
  }

  /** The active runs nested under {@code parent} (tag {@link Tags#PARENT_RUN_ID}). */
  public List<TrackedRun> childRuns(TrackedRun parent) {
    List<TrackedRun> out = new ArrayList<>();
    String token = null;
    do {
      ObjectNode body = JSON.createObjectNode();
      body.putArray("experiment_ids").add(parent.experimentId());
      body.put("filter", "tags.`" + Tags.PARENT_RUN_ID + "` = '" + parent.runId() + "'");
      body.put("max_results", SEARCH_PAGE);
      if (token != null) {
        body.put("page_token", token);
      }
      JsonNode page = api.post("runs/search", body);
      page.path("runs").forEach(r -> out.add(trackedRun(r)));
      token = page.path("next_page_token").asText("");
      token = token.isEmpty() ? null : token;
    } while (token != null);
    return out;
  }

  // ---------------------------------------------------------------- registry

  /**
   * Registers the model {@code run} logged at {@code artifactPath} as a new version of
   * {@code name} (creating the registered model if needed). Like MLflow's Python client, the
   * version's source is the model folder's artifact URI, and its run_id the run.
   */
  public VersionRef register(String name, TrackedRun run, String artifactPath, Map<String, String> versionTags,
      String description) {
    if (!run.loggedModelPaths().contains(artifactPath)) {
      throw new IllegalArgumentException("run " + run.runId() + " logged no MLflow Model at '" + artifactPath
          + "' (it logged " + run.loggedModelPaths() + ")");
    }
    try {
      ObjectNode create = JSON.createObjectNode().put("name", name);
      api.post("registered-models/create", create);
    } catch (MlflowRestException e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        throw e;
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    body.put("source", MlflowClients.stripTrailingSlash(run.artifactUri()) + "/" + artifactPath);
    body.put("run_id", run.runId());
    if (description != null) {
      body.put("description", description);
    }
    ArrayNode tags = body.putArray("tags");
    versionTags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    return version(api.post("model-versions/create", body).path("model_version"));
  }

  /** The version a {@code models:/<name>/<version>} or {@code models:/<name>@<alias>} URI names. */
  public VersionRef resolve(String modelUri) {
    Matcher m = MODEL_URI.matcher(modelUri == null ? "" : modelUri.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + modelUri + "' is not a registered model URI; expected"
          + " models:/<name>/<version> (e.g. models:/l2o-dm-cl-il/1) or models:/<name>@<alias>");
    }
    try {
      JsonNode v = m.group(2) != null
          ? api.get("model-versions/get", Map.of("name", m.group(1), "version", m.group(2))).path("model_version")
          : api.get("registered-models/alias", Map.of("name", m.group(1), "alias", m.group(3))).path("model_version");
      return version(v);
    } catch (MlflowRestException e) {
      if (e.status() == 404) {
        throw new IllegalArgumentException(modelUri + " is not registered on " + api.base()
            + " (" + e.getMessage() + "); list versions with GET " + api.base() + RestApi.API
            + "model-versions/search", e);
      }
      throw e;
    }
  }

  /**
   * Downloads the files of {@code version} into {@code dest} (created; existing files are
   * replaced) and returns it.
   */
  public Path download(VersionRef version, Path dest) {
    downloadTree(version.downloadUri(), dest, 0);
    return dest;
  }

  private void downloadTree(String uri, Path dest, int depth) {
    if (depth > 3) {
      throw new IllegalStateException("artifact URI " + uri + " resolves through too many runs:/ indirections");
    }
    try {
      Files.createDirectories(dest);
      if (uri.startsWith(ArtifactUploader.PROXY_SCHEME)) {
        downloadProxy(uri, "", dest);
      } else if (uri.startsWith("runs:/")) {
        String rest = uri.substring("runs:/".length());
        int slash = rest.indexOf('/');
        TrackedRun run = run(slash < 0 ? rest : rest.substring(0, slash));
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        downloadTree(MlflowClients.stripTrailingSlash(run.artifactUri()) + (path.isEmpty() ? "" : "/" + path), dest,
            depth + 1);
      } else if (uri.startsWith("file:") || uri.startsWith("/")) {
        copyTree(uri.startsWith("/") ? Path.of(uri) : Path.of(URI.create(uri)), dest);
      } else {
        throw new IllegalStateException("cannot download " + uri + ": only mlflow-artifacts:, runs:/ and file:"
            + " locations are supported here; serve artifacts through the tracking server (--serve-artifacts)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dest + ": " + e.getMessage(), e);
    }
  }

  /** Lists {@code relative} under the proxy URI and fetches every file, recursing into folders. */
  private void downloadProxy(String rootUri, String relative, Path dest) throws IOException {
    String listed = proxyRelative(rootUri) + (relative.isEmpty() ? "" : "/" + relative);
    URI listUrl = URI.create(api.base() + ArtifactUploader.PROXY_PATH.replaceAll("/$", "") + "?path="
        + URLEncoder.encode(listed, StandardCharsets.UTF_8));
    JsonNode files = api.get(listUrl);
    for (JsonNode f : files.path("files")) {
      String name = f.path("path").asText();
      String base = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
      if (base.isEmpty() || base.equals(".") || base.equals("..")) {
        continue;
      }
      String childRel = relative.isEmpty() ? base : relative + "/" + base;
      if (f.path("is_dir").asBoolean()) {
        downloadProxy(rootUri, childRel, dest);
      } else {
        api.download(proxy.proxyUrl(rootUri, childRel), dest.resolve(childRel));
      }
    }
  }

  /** "mlflow-artifacts:/1/abc/artifacts/x" or "mlflow-artifacts://host:5000/1/abc/..." -> "1/abc/artifacts/x". */
  static String proxyRelative(String uri) {
    String rest = uri.substring(ArtifactUploader.PROXY_SCHEME.length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    return rest.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  private static void copyTree(Path from, Path dest) throws IOException {
    if (!Files.isDirectory(from)) {
      throw new IllegalStateException("model files at " + from + " are not on this machine; register the model"
          + " from a server that serves artifacts (mlflow-artifacts:)");
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path target = dest.resolve(from.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** A version of a registry answer, with the location its files download from. */
  private VersionRef version(JsonNode v) {
    String name = v.path("name").asText();
    String number = v.path("version").asText();
    String download = api.get("model-versions/get-download-uri", Map.of("name", name, "version", number))
        .path("artifact_uri").asText();
    return new VersionRef(name, number, v.path("source").asText(null), v.path("run_id").asText(null), download);
  }

  private static TrackedRun trackedRun(JsonNode run) {
    JsonNode info = run.path("info");
    Map<String, String> tags = new LinkedHashMap<>();
    run.path("data").path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    run.path("data").path("metrics").forEach(m -> metrics.put(m.path("key").asText(), number(m.path("value"))));
    return new TrackedRun(info.path("run_id").asText(info.path("run_uuid").asText()), info.path("experiment_id").asText(),
        info.path("run_name").asText(""), info.path("artifact_uri").asText(""), tags, metrics);
  }

  private static double number(JsonNode v) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    return switch (v.asText()) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v.asText());
    };
  }

  @Override
  public String toString() {
    return "ModelRegistry{" + api.base() + "}";
  }
}
