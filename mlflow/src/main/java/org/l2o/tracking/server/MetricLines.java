package org.l2o.tracking.server;

import java.util.Locale;

/**
 * One metric value per line, {@code <timestamp_ms> <value> <step>}, as MLflow's FileStore writes
 * it. Values are written with {@link Double#toString} ({@code 1.0E-5}, {@code NaN},
 * {@code Infinity}), which Python's {@code float()} reads back; Python's own spellings
 * ({@code 1e-05}, {@code nan}, {@code inf}) are read too, so stores MLflow wrote load here.
 */
final class MetricLines {
  private MetricLines() {}

  static String format(Metric m) {
    return m.timestamp() + " " + Double.toString(m.value()) + " " + m.step() + "\n";
  }

  /** Parses one line; a line with only two fields is an old-format value at step 0. */
  static Metric parse(String key, String line) {
    String[] parts = line.trim().split("\\s+");
    if (parts.length < 2) {
      throw new IllegalStateException(
          "metric file for '" + key + "' has a malformed line '" + line
              + "'; expected '<timestamp> <value> <step>'");
    }
    long timestamp = Long.parseLong(parts[0]);
    double value = parseValue(parts[1]);
    long step = parts.length >= 3 ? Long.parseLong(parts[2]) : 0L;
    return new Metric(key, value, timestamp, step);
  }

  static double parseValue(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "nan":
      case "+nan":
      case "-nan":
        return Double.NaN;
      case "inf":
      case "+inf":
      case "infinity":
      case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(text);
    }
  }
}
