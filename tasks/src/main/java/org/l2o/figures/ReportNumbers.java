package org.l2o.figures;

import java.util.Locale;

/** Number formatting shared by the report and the claim evidence. */
final class ReportNumbers {

  private ReportNumbers() {}

  /** Two decimals, "—" for NaN, and never "-0.00" (a rounded-away sign only misleads). */
  static String fixed(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.2f", Math.abs(v) < 0.005 ? 0.0 : v);
  }

  /** As {@link #fixed} with an explicit sign, for differences. */
  static String signed(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return String.format(Locale.ROOT, "%+.2f", Math.abs(v) < 0.005 ? 0.0 : v);
  }
}
