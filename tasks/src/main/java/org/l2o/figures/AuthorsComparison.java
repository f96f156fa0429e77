package org.l2o.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.l2o.authors.AuthorsModel;
import org.l2o.curves.CurveSummary;
import org.l2o.variants.Variants;

/**
 * The paper authors' released models as this project evaluates them, cell by cell against the
 * paper's read-off of the same variant (their {@code authors-dm-cl-il} against the paper's
 * L2O-DM-CL-IL).
 *
 * <h3>What is compared</h3>
 *
 * The paper's curves are "the average of ten runs" drawn on a log axis, i.e. ln of the mean loss
 * over runs, which a few runs that reach very low loss pull far below the mean of ln. So the
 * verdict compares ln(mean final loss) over the runs that did not diverge with the read-off,
 * within its uncertainty; mean ± std of ln(final loss) is shown beside it. A cell that misses
 * carries the reason recorded in {@code paper-targets.yaml} ({@code authors_notes}) or, failing
 * one, says that it is an open question.
 */
final class AuthorsComparison {

  /**
   * One cell.
   *
   * @param lnMeanLoss ln of the mean final loss over non-diverged runs (the compared number)
   * @param meanLn mean of ln(final loss) over the same runs
   * @param stdLn population std of ln(final loss)
   * @param difference {@code lnMeanLoss - paper}; NaN when there is no read-off or no live run
   * @param explanation the recorded reason or the open question; "" for a match without a note
   */
  record Row(String problem, String variant, int seeds, int diverged, int steps, double lnMeanLoss,
      double meanLn, double stdLn, double paper, String paperNote, double difference,
      Verdict verdict, String explanation) {

    String counterpart() {
      return Variants.authorsModel(variant).orElseThrow().counterpart();
    }
  }

  private static final double EDGE = 1e-9;

  private AuthorsComparison() {}

  /** One row per authors' curve set, problems in paper order, models in the paper's order. */
  static List<Row> rows(SummaryTable table, PaperTargets targets) {
    List<Row> rows = new ArrayList<>();
    TreeSet<String> problems = new TreeSet<>(Problems.ORDER);
    problems.addAll(table.problems());
    for (String problem : problems) {
      for (AuthorsModel m : AuthorsModel.values()) {
        table.get(m.variant(), problem).ifPresent(s -> rows.add(row(s, m, targets)));
      }
    }
    return rows;
  }

  static Row row(CurveSummary s, AuthorsModel m, PaperTargets targets) {
    Optional<PaperTargets.Target> target = targets.target(m.counterpart(), s.problem());
    double paper = target.map(PaperTargets.Target::lnLoss).orElse(Double.NaN);
    String paperNote = target.map(PaperTargets.Target::note).orElse("");
    boolean paperDiverges = paperNote.toLowerCase(Locale.ROOT).contains("diverg");
    double lnMean = s.allDiverged() || s.seeds() == 0 ? Double.NaN
        : Comparisons.lnOfMean(s);
    double diff = Double.NaN;
    Verdict verdict;
    if (target.isEmpty()) {
      verdict = Verdict.NO_TARGET;
    } else if (s.allDiverged()) {
      verdict = paperDiverges ? Verdict.MATCHES : Verdict.WORSE;
    } else {
      diff = lnMean - paper;
      verdict = Math.abs(diff) <= targets.uncertainty() + EDGE ? Verdict.MATCHES
          : diff < 0 ? Verdict.BETTER : Verdict.WORSE;
    }
    List<String> parts = new ArrayList<>();
    // The notes, and the open question, are about the paper's step; a shorter evaluation is only
    // labelled as such.
    boolean shortened = targets.steps() > 0 && s.steps() < targets.steps();
    if (shortened && target.isPresent()) {
      parts.add("evaluated for " + s.steps() + " steps; the paper's value is at "
          + targets.steps());
    }
    if (s.diverged() > 0) {
      parts.add(s.diverged() + "/" + s.seeds() + " runs diverged"
          + (s.allDiverged() ? "" : "; the numbers are over the other " + (s.seeds() - s.diverged())));
    }
    Optional<String> note = targets.authorsNote(m.variant(), s.problem());
    boolean miss = verdict == Verdict.BETTER || verdict == Verdict.WORSE;
    if (shortened) {
      // nothing to explain: the cell is not at the paper's step
    } else if (note.isPresent()) {
      parts.add(note.get());
    } else if (miss) {
      parts.add("Open question: no reason is known yet for this gap"
          + (Double.isNaN(diff) ? "" : " of " + ReportNumbers.signed(diff) + " ln units")
          + " between the released model, as evaluated here, and the paper's figure.");
    }
    return new Row(s.problem(), m.variant(), s.seeds(), s.diverged(), s.steps(), lnMean,
        s.finalLogLossMean(), s.finalLogLossStd(), paper, paperNote, diff, verdict,
        String.join("; ", parts));
  }
}
