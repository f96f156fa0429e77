package org.l2o.tracking.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.List;

/** experiments/{create,get,get-by-name,search,set-experiment-tag,update,delete,restore}. */
final class ExperimentHandlers {
  private final FileStore store;
  private final long maxBody;

  ExperimentHandlers(FileStore store, long maxBody) {
    this.store = store;
    this.maxBody = maxBody;
  }

  List<Route> routes() {
    return List.of(
        new Route(HandlerType.POST, "experiments/create", JsonEndpoint.of(this::create, maxBody)),
        new Route(HandlerType.GET, "experiments/get", JsonEndpoint.of(this::get, maxBody)),
        new Route(HandlerType.POST, "experiments/get", JsonEndpoint.of(this::get, maxBody)),
        new Route(HandlerType.GET, "experiments/get-by-name", JsonEndpoint.of(this::getByName, maxBody)),
        new Route(HandlerType.POST, "experiments/get-by-name", JsonEndpoint.of(this::getByName, maxBody)),
        new Route(HandlerType.GET, "experiments/search", JsonEndpoint.of(this::search, maxBody)),
        new Route(HandlerType.POST, "experiments/search", JsonEndpoint.of(this::search, maxBody)),
        new Route(HandlerType.POST, "experiments/set-experiment-tag", JsonEndpoint.of(this::setTag, maxBody)),
        new Route(HandlerType.POST, "experiments/update", JsonEndpoint.of(this::update, maxBody)),
        new Route(HandlerType.POST, "experiments/delete", JsonEndpoint.of(r -> lifecycle(r, true), maxBody)),
        new Route(HandlerType.POST, "experiments/restore", JsonEndpoint.of(r -> lifecycle(r, false), maxBody)));
  }

  private JsonNode create(RequestReader r) {
    Experiment e = store.createExperiment(
        r.required("name"), r.string("artifact_location"), Json.keyValues(r.body().get("tags"), "tags"));
    return Json.object().put("experiment_id", e.id());
  }

  private JsonNode get(RequestReader r) {
    ObjectNode out = Json.object();
    out.set("experiment", Json.experiment(store.getExperiment(r.required("experiment_id"))));
    return out;
  }

  private JsonNode getByName(RequestReader r) {
    String name = r.required("experiment_name");
    Experiment e = store.findExperimentByName(name)
        .orElseThrow(() -> MlflowError.notFound("Could not find experiment with name '" + name + "'"));
    ObjectNode out = Json.object();
    out.set("experiment", Json.experiment(e));
    return out;
  }

  private JsonNode search(RequestReader r) {
    int max = r.maxResults(ExperimentSearch.MAX_RESULTS_DEFAULT, ExperimentSearch.MAX_RESULTS_LIMIT);
    ViewType view = ViewType.parse(r.string("view_type"));
    List<Experiment> found =
        new ExperimentSearch(r.string("filter"), r.strings("order_by")).apply(store.listExperiments(view));
    PageToken.Page<Experiment> page = PageToken.page(found, r.string("page_token"), max);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("experiments");
    page.items().forEach(e -> list.add(Json.experiment(e)));
    if (page.nextToken() != null) {
      out.put("next_page_token", page.nextToken());
    }
    return out;
  }

  /** experiments/update: MLflow's only updatable field is the name. */
  private JsonNode update(RequestReader r) {
    String newName = r.string("new_name");
    if (newName != null && !newName.isEmpty()) {
      store.renameExperiment(r.required("experiment_id"), newName);
    }
    return Json.object();
  }

  private JsonNode lifecycle(RequestReader r, boolean delete) {
    store.setExperimentLifecycle(r.required("experiment_id"), delete);
    return Json.object();
  }

  private JsonNode setTag(RequestReader r) {
    store.setExperimentTag(r.required("experiment_id"), r.required("key"), r.string("value") == null ? "" : r.string("value"));
    return Json.object();
  }
}
