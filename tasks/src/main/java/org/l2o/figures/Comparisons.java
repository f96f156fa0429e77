package org.l2o.figures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.l2o.variants.Variants;
import org.l2o.curves.CurveSummary;

/**
 * Builds the report's table: every paper read-off and every reproduced curve set, with the
 * difference and a verdict. Reproduced numbers are compared as they came out; a miss is a miss.
 *
 * <h3>Verdict rule</h3>
 *
 * <ul>
 *   <li>no curves: {@link Verdict#NOT_RUN} (not listed in a run of the authors' released models
 *       alone); curves but no read-off: {@link Verdict#NO_TARGET};
 *   <li>every run diverged: {@link Verdict#MATCHES} when the paper's curve diverges too,
 *       otherwise {@link Verdict#WORSE};
 *   <li>otherwise d = ln(mean final loss) - read-off (the paper's curves are ln of the mean of ten
 *       runs): |d| &lt;= uncertainty matches, d below it is
 *       better (lower loss), above it worse.
 * </ul>
 *
 * Only the read-off uncertainty decides: the paper's curves average ten runs, so the spread of
 * our runs is shown beside the mean but does not widen the band.
 */
final class Comparisons {

  /** Slack for float rounding at the band's edge (a difference of exactly 0.3 matches). */
  private static final double EDGE = 1e-9;

  private Comparisons() {}

  static List<ComparisonRow> rows(SummaryTable table, PaperTargets targets) {
    TreeSet<String> problems = new TreeSet<>(Problems.ORDER);
    targets.targets().forEach(t -> problems.add(t.problem()));
    problems.addAll(table.problems());
    Comparator<String> optimizerOrder = Comparator.comparingInt((String id) -> {
      int i = targets.optimizers().indexOf(id);
      return i < 0 ? Integer.MAX_VALUE : i;
    }).thenComparing(OptimizerStyle.ORDER);

    // A run of the authors' released models that evaluates none of the paper's optimizers of ours
    // (the authors profile) lists what it ran, not a "not run" row per read-off.
    boolean onlyAuthors = table.all().stream().anyMatch(s -> Variants.authorsModel(s.optimizer()).isPresent())
        && targets.optimizers().stream()
            .noneMatch(id -> table.problems().stream().anyMatch(p -> table.has(id, p)));
    List<ComparisonRow> rows = new ArrayList<>();
    for (String problem : problems) {
      TreeSet<String> ids = new TreeSet<>(optimizerOrder);
      if (!onlyAuthors) {
        targets.targets().stream().filter(t -> t.problem().equals(problem))
            .forEach(t -> ids.add(t.optimizer()));
      }
      // The authors' released models have their own table (AuthorsComparison).
      table.on(problem, id -> Variants.authorsModel(id).isEmpty()).forEach(s -> ids.add(s.optimizer()));
      for (String id : ids) {
        rows.add(row(problem, id, table.get(id, problem), targets.target(id, problem), targets));
      }
    }
    return rows;
  }

  static ComparisonRow row(
      String problem, String optimizer, Optional<CurveSummary> found,
      Optional<PaperTargets.Target> target, PaperTargets targets) {
    double paper = target.map(PaperTargets.Target::lnLoss).orElse(Double.NaN);
    String note = target.map(PaperTargets.Target::note).orElse("");
    if (found.isEmpty()) {
      return new ComparisonRow(problem, optimizer, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN,
          paper, note,
          Double.NaN, Verdict.NOT_RUN, "");
    }
    CurveSummary s = found.get();
    if (s.seeds() == 0 || s.steps() == 0) {
      return new ComparisonRow(problem, optimizer, s.seeds(), 0, s.steps(), Double.NaN,
          Double.NaN, Double.NaN, paper, note, Double.NaN, target.isPresent() ? Verdict.NOT_RUN
          : Verdict.NO_TARGET, "the curve set is empty (" + s.seeds() + " runs x " + s.steps()
          + " steps)");
    }
    List<String> comments = new ArrayList<>();
    // Step 0 is the loss at initialisation, so 10,000 or 10,001 recorded values both reach the
    // paper's step; fewer means a shortened evaluation, which the reader must know about.
    if (targets.steps() > 0 && s.steps() < targets.steps() && target.isPresent()) {
      comments.add("evaluated for " + s.steps() + " steps; the paper's value is at "
          + targets.steps());
    }
    boolean paperDiverges = note.toLowerCase(Locale.ROOT).contains("diverg");
    Verdict verdict;
    double diff = Double.NaN;
    if (target.isEmpty()) {
      verdict = Verdict.NO_TARGET;
      if (s.diverged() > 0) {
        comments.add(s.diverged() + "/" + s.seeds() + " runs diverged");
      }
    } else if (s.allDiverged()) {
      verdict = paperDiverges ? Verdict.MATCHES : Verdict.WORSE;
      comments.add("all " + s.seeds() + " runs diverged"
          + (paperDiverges ? ", as the paper's curve does" : "; the paper's curve does not"));
    } else {
      diff = lnOfMean(s) - paper;
      double u = targets.uncertainty() + EDGE;
      verdict = Math.abs(diff) <= u ? Verdict.MATCHES
          : diff < 0 ? Verdict.BETTER : Verdict.WORSE;
      if (s.diverged() > 0) {
        comments.add(s.diverged() + "/" + s.seeds() + " runs diverged; mean over the other "
            + (s.seeds() - s.diverged())
            + (paperDiverges ? " (the paper's curve diverges too)" : ""));
      } else if (paperDiverges) {
        comments.add("no run diverged, while the paper's curve diverges");
      }
    }
    return new ComparisonRow(problem, optimizer, s.seeds(), s.diverged(), s.steps(),
        s.allDiverged() ? Double.NaN : lnOfMean(s), s.finalLogLossMean(), s.finalLogLossStd(), paper, note, diff, verdict,
        String.join("; ", comments));
  }

  /** ln of the mean final loss over the non-diverged runs, floored like every ln-loss here. */
  static double lnOfMean(CurveSummary s) {
    return Math.log(Math.max(s.finalLossMean(), CurveSummary.LOSS_FLOOR));
  }
}
