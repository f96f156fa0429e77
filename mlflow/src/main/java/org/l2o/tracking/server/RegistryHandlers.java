package org.l2o.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The model registry's REST API: registered-models/{create,get,search,update,rename,delete,
 * set-tag,delete-tag,get-latest-versions,alias} and model-versions/{create,get,search,update,
 * delete,transition-stage,get-download-uri,set-tag,delete-tag}, as MLflow 2.17 answers them.
 */
final class RegistryHandlers {
  private final ModelRegistryStore registry;
  private final FileStore store;
  private final long maxBody;

  RegistryHandlers(ModelRegistryStore registry, FileStore store, long maxBody) {
    this.registry = registry;
    this.store = store;
    this.maxBody = maxBody;
  }

  List<Route> routes() {
    List<Route> r = new ArrayList<>();
    r.add(route(HandlerType.POST, "registered-models/create", this::createModel));
    r.add(route(HandlerType.GET, "registered-models/get", this::getModel));
    r.add(route(HandlerType.PATCH, "registered-models/update", this::updateModel));
    r.add(route(HandlerType.POST, "registered-models/rename", this::renameModel));
    r.add(route(HandlerType.DELETE, "registered-models/delete", req -> {
      registry.delete(req.required("name"));
      return Json.object();
    }));
    r.add(route(HandlerType.GET, "registered-models/search", this::searchModels));
    r.add(route(HandlerType.POST, "registered-models/get-latest-versions", this::latestVersions));
    r.add(route(HandlerType.GET, "registered-models/get-latest-versions", this::latestVersions));
    r.add(route(HandlerType.POST, "registered-models/set-tag", req -> {
      registry.setTag(req.required("name"), req.required("key"), nonNull(req.string("value")));
      return Json.object();
    }));
    r.add(route(HandlerType.DELETE, "registered-models/delete-tag", req -> {
      registry.deleteTag(req.required("name"), req.required("key"));
      return Json.object();
    }));
    r.add(route(HandlerType.POST, "registered-models/alias", req -> {
      registry.setAlias(req.required("name"), req.required("alias"), req.required("version"));
      return Json.object();
    }));
    r.add(route(HandlerType.DELETE, "registered-models/alias", req -> {
      registry.deleteAlias(req.required("name"), req.required("alias"));
      return Json.object();
    }));
    r.add(route(HandlerType.GET, "registered-models/alias", req -> versionAnswer(
        registry.versionByAlias(req.required("name"), req.required("alias")))));

    r.add(route(HandlerType.POST, "model-versions/create", this::createVersion));
    r.add(route(HandlerType.GET, "model-versions/get", req -> versionAnswer(
        registry.getVersion(req.required("name"), req.required("version")))));
    r.add(route(HandlerType.PATCH, "model-versions/update", req -> versionAnswer(registry.updateVersionDescription(
        req.required("name"), req.required("version"), req.string("description")))));
    r.add(route(HandlerType.DELETE, "model-versions/delete", req -> {
      registry.deleteVersion(req.required("name"), req.required("version"));
      return Json.object();
    }));
    r.add(route(HandlerType.GET, "model-versions/search", this::searchVersions));
    r.add(route(HandlerType.POST, "model-versions/transition-stage", req -> versionAnswer(registry.transition(
        req.required("name"), req.required("version"), req.required("stage"),
        Boolean.parseBoolean(req.string("archive_existing_versions"))))));
    r.add(route(HandlerType.GET, "model-versions/get-download-uri", req -> Json.object().put("artifact_uri",
        registry.getVersion(req.required("name"), req.required("version")).downloadUri())));
    r.add(route(HandlerType.POST, "model-versions/set-tag", req -> {
      registry.setVersionTag(req.required("name"), req.required("version"), req.required("key"),
          nonNull(req.string("value")));
      return Json.object();
    }));
    r.add(route(HandlerType.DELETE, "model-versions/delete-tag", req -> {
      registry.deleteVersionTag(req.required("name"), req.required("version"), req.required("key"));
      return Json.object();
    }));
    return r;
  }

  private Route route(HandlerType method, String path, JsonEndpoint e) {
    return new Route(method, path, JsonEndpoint.of(e, maxBody));
  }

  private JsonNode createModel(RequestReader r) {
    RegisteredModel m = registry.create(r.required("name"), Json.keyValues(r.body().get("tags"), "tags"),
        r.string("description"));
    return Json.object().set("registered_model", model(m));
  }

  private JsonNode getModel(RequestReader r) {
    return Json.object().set("registered_model", model(registry.get(r.required("name"))));
  }

  private JsonNode updateModel(RequestReader r) {
    return Json.object().set("registered_model",
        model(registry.updateDescription(r.required("name"), r.string("description"))));
  }

  private JsonNode renameModel(RequestReader r) {
    return Json.object().set("registered_model", model(registry.rename(r.required("name"), r.required("new_name"))));
  }

  private JsonNode searchModels(RequestReader r) {
    int max = r.maxResults(RegistrySearch.MODELS_MAX_RESULTS_DEFAULT, RegistrySearch.MODELS_MAX_RESULTS_LIMIT);
    List<RegisteredModel> found = RegistrySearch.models(r.string("filter"), r.strings("order_by")).apply(registry.list());
    PageToken.Page<RegisteredModel> page = PageToken.page(found, r.string("page_token"), max);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("registered_models");
    page.items().forEach(m -> list.add(model(m)));
    if (page.nextToken() != null) {
      out.put("next_page_token", page.nextToken());
    }
    return out;
  }

  private JsonNode latestVersions(RequestReader r) {
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("model_versions");
    registry.latestVersions(r.required("name"), r.strings("stages")).forEach(v -> list.add(version(v)));
    return out;
  }

  /**
   * A new version of {@code name} from {@code source}. As MLflow's server does, a
   * {@code models:/<name>/<version>} source is stored as given, with the files' location
   * resolved once; a {@code runs:/<run_id>/<path>} source resolves to that run's artifact URI
   * here (the Python client resolves it before sending), so get-download-uri always answers a
   * location a client can download from.
   */
  private JsonNode createVersion(RequestReader r) {
    String name = r.required("name");
    String source = r.required("source");
    String runId = r.string("run_id");
    String storage = source;
    if (source.startsWith("models:/")) {
      String[] parts = source.substring("models:/".length()).split("/");
      if (parts.length != 2) {
        throw MlflowError.invalid("Unable to fetch model from model URI source artifact location '" + source
            + "': expected models:/<name>/<version>");
      }
      storage = registry.getVersion(parts[0], parts[1]).downloadUri();
    } else if (source.startsWith("runs:/")) {
      String rest = source.substring("runs:/".length());
      int slash = rest.indexOf('/');
      String sourceRun = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      String root = store.getRunInfo(sourceRun).artifactUri();
      storage = path.isEmpty() ? root : root.replaceAll("/+$", "") + "/" + path;
      if (runId == null || runId.isEmpty()) {
        runId = sourceRun;
      }
    }
    if (runId != null && !runId.isEmpty()) {
      store.getRunInfo(runId); // an unknown run is refused before anything is written
    }
    ModelVersion v = registry.createVersion(name, source, storage, emptyToNull(runId),
        Json.keyValues(r.body().get("tags"), "tags"), emptyToNull(r.string("run_link")), r.string("description"),
        emptyToNull(r.string("user_id")));
    return versionAnswer(v);
  }

  private JsonNode searchVersions(RequestReader r) {
    int max = r.maxResults(RegistrySearch.VERSIONS_MAX_RESULTS_DEFAULT, RegistrySearch.VERSIONS_MAX_RESULTS_LIMIT);
    List<ModelVersion> found =
        RegistrySearch.versions(r.string("filter"), r.strings("order_by")).apply(registry.allVersions());
    PageToken.Page<ModelVersion> page = PageToken.page(found, r.string("page_token"), max);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("model_versions");
    page.items().forEach(v -> list.add(version(v)));
    if (page.nextToken() != null) {
      out.put("next_page_token", page.nextToken());
    }
    return out;
  }

  private static JsonNode versionAnswer(ModelVersion v) {
    return Json.object().set("model_version", version(v));
  }

  private ObjectNode model(RegisteredModel m) {
    ObjectNode n = Json.object();
    n.put("name", m.name());
    n.put("creation_timestamp", m.creationTimestamp());
    n.put("last_updated_timestamp", m.lastUpdatedTimestamp());
    if (m.description() != null && !m.description().isEmpty()) {
      n.put("description", m.description());
    }
    ArrayNode latest = n.putArray("latest_versions");
    registry.latestVersions(m.name(), List.of()).forEach(v -> latest.add(version(v)));
    n.set("tags", Json.keyValueArray(m.tags()));
    ArrayNode aliases = n.putArray("aliases");
    new TreeMap<>(m.aliases()).forEach((a, v) -> aliases.addObject().put("alias", a).put("version", v.trim()));
    return n;
  }

  static ObjectNode version(ModelVersion v) {
    ObjectNode n = Json.object();
    n.put("name", v.name());
    n.put("version", Long.toString(v.version()));
    n.put("creation_timestamp", v.creationTimestamp());
    n.put("last_updated_timestamp", v.lastUpdatedTimestamp());
    putIfSet(n, "user_id", v.userId());
    n.put("current_stage", v.currentStage());
    putIfSet(n, "description", v.description());
    putIfSet(n, "source", v.source());
    putIfSet(n, "run_id", v.runId());
    n.put("status", v.status());
    putIfSet(n, "status_message", v.statusMessage());
    n.set("tags", Json.keyValueArray(v.tags()));
    putIfSet(n, "run_link", v.runLink());
    ArrayNode aliases = n.putArray("aliases");
    v.aliases().forEach(aliases::add);
    return n;
  }

  private static void putIfSet(ObjectNode n, String key, String value) {
    if (value != null && !value.isEmpty()) {
      n.put(key, value);
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
