package org.l2o.tracking.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.tracking.server.SearchSyntax.Clause;
import org.l2o.tracking.server.SearchSyntax.Entity;
import org.l2o.tracking.server.SearchSyntax.OrderKey;
import java.util.TreeSet;

/** runs/search: filter, order and page runs the way MLflow's FileStore does. */
final class RunSearch {
  static final int MAX_RESULTS_DEFAULT = 1000;
  static final int MAX_RESULTS_LIMIT = 50000;

  private static final Set<String> STRING_ATTRIBUTES =
      Set.of("run_id", "run_uuid", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage");
  private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time", "created");

  private final List<Clause> clauses;
  private final Comparator<Run> order;

  RunSearch(String filter, List<String> orderBy) {
    this.clauses = SearchSyntax.parseFilter(filter);
    clauses.forEach(RunSearch::validate);
    this.order = comparator(SearchSyntax.parseOrderBy(orderBy));
  }

  List<Run> apply(List<Run> runs) {
    List<Run> out = new ArrayList<>();
    for (Run r : runs) {
      if (clauses.stream().allMatch(c -> matches(c, r))) {
        out.add(r);
      }
    }
    out.sort(order);
    return out;
  }

  private static void validate(Clause c) {
    switch (c.entity()) {
      case METRIC -> Comparisons.requireNumeric(c, "metric");
      case PARAM -> Comparisons.requireString(c, "param");
      case TAG -> Comparisons.requireString(c, "tag");
      case ATTRIBUTE -> {
        String k = Comparisons.lower(c.key());
        if (NUMERIC_ATTRIBUTES.contains(k)) {
          Comparisons.requireNumeric(c, "attribute");
        } else if (STRING_ATTRIBUTES.contains(k)) {
          Comparisons.requireString(c, "attribute");
        } else {
          throw unknownAttribute(c.key());
        }
      }
    }
  }

  private static MlflowError unknownAttribute(String key) {
    Set<String> valid = new TreeSet<>(STRING_ATTRIBUTES);
    valid.addAll(NUMERIC_ATTRIBUTES);
    return MlflowError.invalid("Invalid attribute key '" + key + "' specified. Valid keys are " + valid);
  }

  private static boolean matches(Clause c, Run r) {
    switch (c.entity()) {
      case METRIC: {
        Metric m = r.latestMetrics().get(c.key());
        return m != null && Comparisons.numeric(m.value(), c.op(), c.number());
      }
      case PARAM:
        return stringMatch(r.params(), c);
      case TAG:
        return stringMatch(r.tags(), c);
      default: {
        Object v = attribute(r.info(), c.key());
        if (v == null) {
          return false;
        }
        return v instanceof Long n
            ? Comparisons.numeric(n.doubleValue(), c.op(), c.number())
            : Comparisons.string((String) v, c);
      }
    }
  }

  private static boolean stringMatch(Map<String, String> values, Clause c) {
    String v = values.get(c.key());
    return v != null && Comparisons.string(v, c);
  }

  /** The attribute as a Long (times) or String, or null when the run has none. */
  static Object attribute(RunInfo info, String key) {
    return switch (Comparisons.lower(key)) {
      case "run_id", "run_uuid" -> info.runId();
      case "run_name" -> info.runName();
      case "status" -> info.status().name();
      case "user_id" -> info.userId();
      case "artifact_uri" -> info.artifactUri();
      case "lifecycle_stage" -> info.lifecycleStage();
      case "start_time", "created" -> info.startTime();
      case "end_time" -> info.endTime();
      default -> throw unknownAttribute(key);
    };
  }

  /** The order_by terms in turn, runs lacking a value last; then newest first, then by id. */
  private static Comparator<Run> comparator(List<OrderKey> keys) {
    Comparator<Run> c = (a, b) -> 0;
    for (OrderKey k : keys) {
      c = c.thenComparing(byKey(k));
    }
    return c.thenComparing(Comparator.comparingLong((Run r) -> r.info().startTime()).reversed())
        .thenComparing(r -> r.info().runId());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<Run> byKey(OrderKey k) {
    String lower = Comparisons.lower(k.key());
    if (k.entity() == Entity.ATTRIBUTE
        && !STRING_ATTRIBUTES.contains(lower) && !NUMERIC_ATTRIBUTES.contains(lower)) {
      throw unknownAttribute(k.key());
    }
    return (a, b) -> {
      Comparable va = sortValue(a, k);
      Comparable vb = sortValue(b, k);
      if (va == null || vb == null) {
        return va == null ? (vb == null ? 0 : 1) : -1;
      }
      int cmp = va.compareTo(vb);
      return k.ascending() ? cmp : -cmp;
    };
  }

  private static Comparable<?> sortValue(Run r, OrderKey k) {
    return switch (k.entity()) {
      case METRIC -> {
        Metric m = r.latestMetrics().get(k.key());
        yield m == null || Double.isNaN(m.value()) ? null : m.value();
      }
      case PARAM -> r.params().get(k.key());
      case TAG -> r.tags().get(k.key());
      case ATTRIBUTE -> (Comparable<?>) attribute(r.info(), k.key());
    };
  }
}
