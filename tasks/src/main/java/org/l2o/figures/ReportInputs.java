package org.l2o.figures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2o.curves.LossCurves;

/**
 * Everything the plot stage hands to {@link FigureSet} and {@link ReproductionReport}.
 *
 * @param curves every evaluated curve set, at most one per (optimizer, problem)
 * @param costs meta-training cost per learned variant (for claim 2); may be empty
 * @param profile the profile name (smoke, quick, paper)
 * @param environment captured environment (JDK, OS, TF, git commit, ...), shown verbatim and
 *     sorted by key
 * @param stageTimes wall and CPU time per pipeline stage; the report lists them in this map's
 *     iteration order (pass a LinkedHashMap in run order)
 * @param unverifiedData whether any input data failed verification or was synthetic; raises a
 *     banner on the report
 */
public record ReportInputs(
    List<LossCurves> curves,
    List<TrainingCost> costs,
    String profile,
    Map<String, String> environment,
    Map<String, StageTime> stageTimes,
    boolean unverifiedData) {

  public ReportInputs {
    curves = List.copyOf(Objects.requireNonNull(curves, "curves"));
    costs = List.copyOf(costs == null ? List.of() : costs);
    profile = profile == null ? "" : profile;
    // LinkedHashMap copies keep the caller's order (stage run order) for the report.
    environment = Collections.unmodifiableMap(
        new LinkedHashMap<>(environment == null ? Map.of() : environment));
    stageTimes = Collections.unmodifiableMap(
        new LinkedHashMap<>(stageTimes == null ? Map.of() : stageTimes));
  }
}
