package org.l2o.figures;

/**
 * One line of the report's table: a reproduced final ln-loss against the paper's read-off.
 *
 * <p>The paper's curves are the average of ten runs drawn on a log axis, i.e. ln(mean loss), so
 * that is the number compared with a read-off. The mean and std of ln(loss) stand beside it: with
 * spread-out runs ln(mean) sits well above the mean of ln (by 0.1 to 3.6 ln units here).
 *
 * @param problem problem id
 * @param optimizer optimizer id
 * @param seeds runs evaluated (0 when not run)
 * @param diverged runs that diverged
 * @param steps steps each run was evaluated for (0 when not run)
 * @param lnMean ln of the mean loss at the last step over non-diverged runs (the compared
 *     number); NaN if none or not run
 * @param mean mean ln-loss at the last step over non-diverged runs; NaN likewise
 * @param std population std of that; NaN likewise
 * @param paper the paper's read-off; NaN when it has none
 * @param paperNote the read-off's note ("diverges", "stuck") or ""
 * @param difference {@code lnMean - paper}; NaN when either is missing (negative = lower loss)
 * @param verdict the comparison within the read-off uncertainty
 * @param comment what qualifies the verdict (divergences, shorter evaluation), or ""
 */
public record ComparisonRow(
    String problem,
    String optimizer,
    int seeds,
    int diverged,
    int steps,
    double lnMean,
    double mean,
    double std,
    double paper,
    String paperNote,
    double difference,
    Verdict verdict,
    String comment) {}
