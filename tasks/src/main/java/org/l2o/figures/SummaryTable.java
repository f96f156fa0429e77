package org.l2o.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.l2o.curves.CurveSummary;
import org.l2o.curves.LossCurves;

/**
 * The {@link CurveSummary} of every curve set, found by (optimizer, problem). Figures and report
 * both start here so that they read the same numbers.
 */
final class SummaryTable {

  /** Curve metadata keys that flag data as synthetic or unverified (see {@link #anyUnverified}). */
  static final String META_SYNTHETIC = "synthetic";
  static final String META_DATA_VERIFIED = "data_verified";

  private final Map<String, CurveSummary> byKey;

  private SummaryTable(Map<String, CurveSummary> byKey) {
    this.byKey = byKey;
  }

  /** Summarises {@code curves}; two sets for the same optimizer and problem are a caller error. */
  static SummaryTable of(List<LossCurves> curves) {
    Map<String, CurveSummary> map = new LinkedHashMap<>();
    for (LossCurves c : curves) {
      CurveSummary previous = map.put(key(c.optimizer(), c.problem()), CurveSummary.of(c));
      if (previous != null) {
        throw new IllegalArgumentException(
            "two curve sets for optimizer '" + c.optimizer() + "' on problem '" + c.problem()
                + "'; expected one per pair (merge the seeds into one set or rename one)");
      }
    }
    return new SummaryTable(map);
  }

  Optional<CurveSummary> get(String optimizer, String problem) {
    return Optional.ofNullable(byKey.get(key(optimizer, problem)));
  }

  boolean has(String optimizer, String problem) {
    return byKey.containsKey(key(optimizer, problem));
  }

  /** Every problem with at least one curve set, paper problems first in paper order. */
  List<String> problems() {
    TreeSet<String> set = new TreeSet<>(Problems.ORDER);
    byKey.values().forEach(s -> set.add(s.problem()));
    return List.copyOf(set);
  }

  /** Every summary, in input order. */
  List<CurveSummary> all() {
    return List.copyOf(byKey.values());
  }

  /** Summaries on {@code problem} whose optimizer id satisfies {@code test}, in input order. */
  List<CurveSummary> on(String problem, Predicate<String> test) {
    List<CurveSummary> out = new ArrayList<>();
    for (CurveSummary s : byKey.values()) {
      if (s.problem().equals(problem) && test.test(s.optimizer())) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Whether any curve set says its data was synthetic ({@code synthetic=true}) or unverified
   * ({@code data_verified=false}) in its metadata.
   */
  boolean anyUnverified() {
    for (CurveSummary s : byKey.values()) {
      if ("true".equalsIgnoreCase(s.meta().get(META_SYNTHETIC))
          || "false".equalsIgnoreCase(s.meta().get(META_DATA_VERIFIED))) {
        return true;
      }
    }
    return false;
  }

  private static String key(String optimizer, String problem) {
    return optimizer + "\u0000" + problem;
  }
}
