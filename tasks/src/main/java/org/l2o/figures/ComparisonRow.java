package org.l2o.figures;

/**
 * One line of the report's table: a reproduced final ln-loss against the paper's read-off.
 *
 * @param problem problem id
 * @param optimizer optimizer id
 * @param seeds runs evaluated (0 when not run)
 * @param diverged runs that diverged
 * @param steps steps each run was evaluated for (0 when not run)
 * @param mean mean ln-loss at the last step over non-diverged runs; NaN if none or not run
 * @param std population std of that; NaN likewise
 * @param paper the paper's read-off; NaN when it has none
 * @param paperNote the read-off's note ("diverges", "stuck") or ""
 * @param difference {@code mean - paper}; NaN when either is missing (negative = lower loss)
 * @param verdict the comparison within the read-off uncertainty
 * @param comment what qualifies the verdict (divergences, shorter evaluation), or ""
 */
public record ComparisonRow(
    String problem,
    String optimizer,
    int seeds,
    int diverged,
    int steps,
    double mean,
    double std,
    double paper,
    String paperNote,
    double difference,
    Verdict verdict,
    String comment) {}
