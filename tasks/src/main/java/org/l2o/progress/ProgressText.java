package org.l2o.progress;

import java.util.Locale;

/** Formats amounts and durations for progress lines. */
public final class ProgressText {

  private ProgressText() {}

  /** "12.3 MiB" for bytes (unit "B"), "1234 episodes" otherwise. */
  public static String amount(long n, String unit) {
    if ("B".equals(unit)) {
      return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
    return n + (unit == null || unit.isEmpty() ? "" : " " + unit);
  }

  /** "42s", "3m05s", "2h01m". */
  public static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
