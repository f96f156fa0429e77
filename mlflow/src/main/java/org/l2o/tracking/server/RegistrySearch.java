package org.l2o.tracking.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.l2o.tracking.server.SearchSyntax.Clause;
import org.l2o.tracking.server.SearchSyntax.Entity;
import org.l2o.tracking.server.SearchSyntax.OrderKey;

/**
 * registered-models/search and model-versions/search: filters on {@code name},
 * {@code tags.<key>} and, for versions, {@code run_id}, {@code source_path} and
 * {@code version_number}; order by those and the timestamps. MLflow's defaults: models by name,
 * versions newest-updated first.
 */
final class RegistrySearch<T> {
  static final int MODELS_MAX_RESULTS_DEFAULT = 100;
  static final int MODELS_MAX_RESULTS_LIMIT = 1000;
  static final int VERSIONS_MAX_RESULTS_DEFAULT = 10_000;
  static final int VERSIONS_MAX_RESULTS_LIMIT = 200_000;

  private final List<Clause> clauses;
  private final Comparator<T> order;
  private final Function<T, Map<String, String>> tags;
  private final Map<String, Function<T, Object>> attributes;

  private RegistrySearch(String filter, List<String> orderBy, List<String> defaultOrder,
      Function<T, Map<String, String>> tags, Map<String, Function<T, Object>> attributes) {
    this.tags = tags;
    this.attributes = attributes;
    this.clauses = SearchSyntax.parseFilter(filter);
    for (Clause c : clauses) {
      if (c.entity() == Entity.TAG) {
        Comparisons.requireString(c, "tag");
      } else if (c.entity() == Entity.ATTRIBUTE && attributes.containsKey(Comparisons.lower(c.key()))) {
        if (c.number() != null) {
          Comparisons.requireNumeric(c, "attribute");
        } else {
          Comparisons.requireString(c, "attribute");
        }
      } else {
        throw MlflowError.invalid("Invalid filter '" + filter + "': '" + c.key() + "' is not searchable here;"
            + " expected tags.<key> or one of " + attributes.keySet());
      }
    }
    List<String> terms = orderBy.isEmpty() ? defaultOrder : orderBy;
    Comparator<T> cmp = (a, b) -> 0;
    for (OrderKey k : SearchSyntax.parseOrderBy(terms)) {
      Function<T, Object> f = k.entity() == Entity.ATTRIBUTE ? attributes.get(Comparisons.lower(k.key())) : null;
      if (f == null) {
        throw MlflowError.invalid("Invalid order_by clause '" + k.key() + "'; expected one of " + attributes.keySet());
      }
      @SuppressWarnings({"unchecked", "rawtypes"})
      Comparator<T> one = Comparator.comparing(x -> (Comparable) f.apply(x), Comparator.nullsFirst(Comparator.naturalOrder()));
      cmp = cmp.thenComparing(k.ascending() ? one : one.reversed());
    }
    this.order = cmp;
  }

  static RegistrySearch<RegisteredModel> models(String filter, List<String> orderBy) {
    return new RegistrySearch<>(filter, orderBy, List.of("name ASC"), RegisteredModel::tags, Map.of(
        "name", RegisteredModel::name,
        "creation_timestamp", RegisteredModel::creationTimestamp,
        "timestamp", RegisteredModel::lastUpdatedTimestamp,
        "last_updated_timestamp", RegisteredModel::lastUpdatedTimestamp));
  }

  static RegistrySearch<ModelVersion> versions(String filter, List<String> orderBy) {
    return new RegistrySearch<>(filter, orderBy,
        List.of("last_updated_timestamp DESC", "name ASC", "version_number DESC"), ModelVersion::tags, Map.of(
            "name", ModelVersion::name,
            "run_id", v -> v.runId() == null ? "" : v.runId(),
            "source_path", v -> v.source() == null ? "" : v.source(),
            "version_number", ModelVersion::version,
            "current_stage", ModelVersion::currentStage,
            "creation_timestamp", ModelVersion::creationTimestamp,
            "last_updated_timestamp", ModelVersion::lastUpdatedTimestamp));
  }

  List<T> apply(List<T> items) {
    List<T> out = new ArrayList<>();
    for (T item : items) {
      if (clauses.stream().allMatch(c -> matches(c, item))) {
        out.add(item);
      }
    }
    out.sort(order);
    return out;
  }

  private boolean matches(Clause c, T item) {
    if (c.entity() == Entity.TAG) {
      String v = tags.apply(item).get(c.key());
      return v != null && Comparisons.string(v, c);
    }
    Object v = attributes.get(Comparisons.lower(c.key())).apply(item);
    if (v instanceof Long n) {
      return c.number() != null && Comparisons.numeric(n.doubleValue(), c.op(), c.number());
    }
    return c.text() != null || c.list() != null ? Comparisons.string(String.valueOf(v), c) : false;
  }
}
