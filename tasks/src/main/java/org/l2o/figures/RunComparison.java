package org.l2o.figures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.l2o.authors.AuthorsModel;
import org.l2o.variants.Variants;

/**
 * A user's run beside a reference run and the paper, in three columns of ln(mean final loss):
 * what {@code l2o compare} prints. A pair appears when either run evaluated it.
 */
public final class RunComparison {

  /**
   * One problem/optimizer pair.
   *
   * @param run this run's ln(mean loss); NaN when it did not run the pair or every run diverged
   * @param reference the reference's; NaN likewise
   * @param paper the paper's read-off; NaN when it has none
   */
  public record Row(String problem, String optimizer, double run, double reference, double paper) {}

  private final String runLabel;
  private final String referenceLabel;
  private final List<Row> rows;

  private RunComparison(String runLabel, String referenceLabel, List<Row> rows) {
    this.runLabel = runLabel;
    this.referenceLabel = referenceLabel;
    this.rows = List.copyOf(rows);
  }

  /** Sets {@code run} beside {@code reference} (if any) and {@code paper}. */
  public static RunComparison of(ReferenceRun run, Optional<ReferenceRun> reference,
      PaperTargets paper) {
    TreeSet<String> keys = new TreeSet<>(Comparator
        .comparing((String k) -> k.substring(0, k.indexOf('/')), Problems.ORDER)
        .thenComparing(k -> k.substring(k.indexOf('/') + 1), OptimizerStyle.ORDER));
    keys.addAll(run.rows().keySet());
    reference.ifPresent(r -> keys.addAll(r.rows().keySet()));
    List<Row> rows = new ArrayList<>();
    for (String k : keys) {
      String problem = k.substring(0, k.indexOf('/'));
      String optimizer = k.substring(k.indexOf('/') + 1);
      rows.add(new Row(problem, optimizer, lnMean(Optional.of(run), problem, optimizer),
          lnMean(reference, problem, optimizer),
          paper.target(paperName(optimizer), problem).map(PaperTargets.Target::lnLoss)
              .orElse(Double.NaN)));
    }
    return new RunComparison(run.label(), reference.map(ReferenceRun::label).orElse("(none)"),
        rows);
  }

  /** The paper's name for an optimizer: an authors' released model is compared as what it is. */
  private static String paperName(String optimizer) {
    return Variants.authorsModel(optimizer).map(AuthorsModel::counterpart).orElse(optimizer);
  }

  private static double lnMean(Optional<ReferenceRun> r, String problem, String optimizer) {
    return r.flatMap(x -> x.get(problem, optimizer))
        .map(ReferenceRun.Entry::lnMean).orElse(Double.NaN);
  }

  public List<Row> rows() {
    return rows;
  }

  /** A Markdown table: problem, optimizer, the three columns, and this run minus the reference. */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("This run: ").append(runLabel).append("\nReference: ").append(referenceLabel)
        .append("\nValues: ln(mean final training loss); — = not run or every run diverged.\n\n");
    b.append("| Problem | Optimizer | This run | Reference | Paper | This run − reference |\n");
    b.append("| --- | --- | --- | --- | --- | --- |\n");
    for (Row r : rows) {
      b.append("| ").append(Problems.displayName(r.problem())).append(" | ")
          .append(OptimizerStyle.displayName(r.optimizer())).append(" | ")
          .append(ReportNumbers.fixed(r.run())).append(" | ")
          .append(ReportNumbers.fixed(r.reference())).append(" | ")
          .append(ReportNumbers.fixed(r.paper())).append(" | ")
          .append(ReportNumbers.signed(r.run() - r.reference())).append(" |\n");
    }
    return b.toString();
  }
}
