package org.l2o.tracking.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.l2o.tracking.server.SearchSyntax.Clause;
import org.l2o.tracking.server.SearchSyntax.OrderKey;

/** experiments/search: filter by name, times and tags; order; newest first by default. */
final class ExperimentSearch {
  static final int MAX_RESULTS_DEFAULT = 1000;
  static final int MAX_RESULTS_LIMIT = 50000;

  private final List<Clause> clauses;
  private final Comparator<Experiment> order;

  ExperimentSearch(String filter, List<String> orderBy) {
    this.clauses = SearchSyntax.parseFilter(filter);
    for (Clause c : clauses) {
      switch (c.entity()) {
        case TAG -> Comparisons.requireString(c, "tag");
        case ATTRIBUTE -> {
          if (isNumeric(c.key())) {
            Comparisons.requireNumeric(c, "attribute");
          } else {
            Comparisons.requireString(c, "attribute");
          }
        }
        default -> throw MlflowError.invalid(
            "Invalid entity in experiment search filter: '" + c.entity().name().toLowerCase()
                + "s." + c.key() + "'; expected name, creation_time, last_update_time or tags.<key>");
      }
    }
    Comparator<Experiment> c = (a, b) -> 0;
    for (OrderKey k : SearchSyntax.parseOrderBy(orderBy)) {
      Comparator<Experiment> one = Comparator.comparing(e -> (Comparable) value(e, k.key()));
      c = c.thenComparing(k.ascending() ? one : one.reversed());
    }
    this.order =
        c.thenComparing(Comparator.comparingLong(Experiment::creationTime).reversed())
            .thenComparing(Experiment::id);
  }

  List<Experiment> apply(List<Experiment> experiments) {
    List<Experiment> out = new ArrayList<>();
    for (Experiment e : experiments) {
      if (clauses.stream().allMatch(c -> matches(c, e))) {
        out.add(e);
      }
    }
    out.sort(order);
    return out;
  }

  private static boolean matches(Clause c, Experiment e) {
    if (c.entity() == SearchSyntax.Entity.TAG) {
      String v = e.tags().get(c.key());
      return v != null && Comparisons.string(v, c);
    }
    Object v = value(e, c.key());
    return v instanceof Long n
        ? Comparisons.numeric(n.doubleValue(), c.op(), c.number())
        : Comparisons.string((String) v, c);
  }

  private static boolean isNumeric(String key) {
    String k = Comparisons.lower(key);
    return k.equals("creation_time") || k.equals("last_update_time");
  }

  private static Object value(Experiment e, String key) {
    return switch (Comparisons.lower(key)) {
      case "name" -> e.name();
      case "experiment_id" -> e.id();
      case "creation_time" -> e.creationTime();
      case "last_update_time" -> e.lastUpdateTime();
      default -> throw MlflowError.invalid("Invalid attribute key '" + key
          + "' for experiments; expected name, experiment_id, creation_time or last_update_time");
    };
  }
}
