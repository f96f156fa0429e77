package org.l2o.nextflow;

import java.util.List;
import java.util.stream.Collectors;

/** Java values as Groovy (and Nextflow config) literals. */
final class GroovyLiterals {

  private GroovyLiterals() {}

  /**
   * A literal for a string, number, boolean or list of them. Doubles keep Java's spelling
   * ({@code 1.0E-9}), which Groovy reads as the same number.
   */
  static String of(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof Double d) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("no Groovy literal for the non-finite number " + d);
      }
      return d.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(GroovyLiterals::of).collect(Collectors.joining(", ", "[", "]"));
    }
    throw new IllegalArgumentException("no Groovy literal for " + value.getClass().getName() + " " + value
        + "; expected a string, number, boolean or list");
  }

  /** A single-quoted Groovy string: no interpolation, so a {@code $} stays a {@code $}. */
  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }
}
