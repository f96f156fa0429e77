package org.l2o.tracking.server;

import java.util.Locale;
import java.util.regex.Pattern;
import org.l2o.tracking.server.SearchSyntax.Clause;

/** How one clause compares a value: numerically, or as a string (with SQL LIKE patterns). */
final class Comparisons {
  private Comparisons() {}

  static boolean numeric(double actual, String op, double expected) {
    if (Double.isNaN(actual) || Double.isNaN(expected)) {
      return false;
    }
    return switch (op) {
      case "=" -> actual == expected;
      case "!=" -> actual != expected;
      case "<" -> actual < expected;
      case "<=" -> actual <= expected;
      case ">" -> actual > expected;
      case ">=" -> actual >= expected;
      default -> throw MlflowError.invalid("comparator '" + op + "' is not valid for numbers;"
          + " expected one of =, !=, <, <=, >, >=");
    };
  }

  static boolean string(String actual, Clause c) {
    return switch (c.op()) {
      case "=" -> actual.equals(c.text());
      case "!=" -> !actual.equals(c.text());
      case "LIKE" -> like(c.text(), false).matcher(actual).matches();
      case "ILIKE" -> like(c.text(), true).matcher(actual).matches();
      case "IN" -> c.list().contains(actual);
      case "NOT IN" -> !c.list().contains(actual);
      default -> throw MlflowError.invalid("comparator '" + c.op() + "' is not valid for strings;"
          + " expected one of =, !=, LIKE, ILIKE, IN, NOT IN");
    };
  }

  /** Checks up front that a clause compares a number with a numeric comparator. */
  static void requireNumeric(Clause c, String what) {
    if (c.number() == null || c.list() != null) {
      throw MlflowError.invalid(
          "Expected numeric value type for " + what + " '" + c.key() + "'. Found '"
              + (c.text() != null ? "'" + c.text() + "'" : String.valueOf(c.list())) + "'");
    }
    numeric(0, c.op(), 0);
  }

  /** Checks up front that a clause compares a quoted string with a string comparator. */
  static void requireString(Clause c, String what) {
    if (c.text() == null && c.list() == null) {
      throw MlflowError.invalid(
          "Value for " + what + " '" + c.key() + "' must be a quoted string, got " + c.number()
              + "; write e.g. " + what + "s." + c.key() + " = '" + c.number() + "'");
    }
    string("", c);
  }

  private static Pattern like(String pattern, boolean ignoreCase) {
    StringBuilder re = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      if (ch == '%') {
        re.append(".*");
      } else if (ch == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return Pattern.compile(re.toString(), flags);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
