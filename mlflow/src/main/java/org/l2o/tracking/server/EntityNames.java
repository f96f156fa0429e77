package org.l2o.tracking.server;

import java.util.regex.Pattern;

/**
 * MLflow's rules for metric, param and tag keys and for ids. Keys become file paths inside the
 * store, so these checks are also what keeps a request from writing outside its run folder.
 */
final class EntityNames {
  static final int MAX_KEY_LENGTH = 250;
  static final int MAX_PARAM_VALUE_LENGTH = 6000;
  static final int MAX_TAG_VALUE_LENGTH = 8000;
  static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

  /** MLflow 2.x's {@code _VALID_PARAM_AND_METRIC_NAMES}: word characters, / . - space and colon. */
  private static final Pattern VALID_KEY =
      Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);

  private static final Pattern VALID_ID = Pattern.compile("^[A-Za-z0-9_\\-]{1,64}$");

  private EntityNames() {}

  /** Checks a metric, param or tag key; {@code kind} names the entity in the error message. */
  static String validateKey(String kind, String key) {
    if (key == null || key.isEmpty()) {
      throw MlflowError.invalid("Missing value for required parameter 'key' of a " + kind);
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw MlflowError.invalid(
          kind + " key '" + key.substring(0, 40) + "...' has length " + key.length()
              + ", which exceeds the limit of " + MAX_KEY_LENGTH);
    }
    if (!VALID_KEY.matcher(key).matches()) {
      throw MlflowError.invalid(
          "Invalid " + kind + " name: '" + key + "'. Names may only contain alphanumerics,"
              + " underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).");
    }
    if (!isNormalRelativePath(key)) {
      throw MlflowError.invalid(
          "Invalid " + kind + " name: '" + key + "'. Names may be treated as files in certain"
              + " cases, and must not resolve to other names when treated as such: no leading or"
              + " trailing '/', no '//', and no '.' or '..' segments.");
    }
    return key;
  }

  static void validateParamValue(String key, String value) {
    if (value == null) {
      throw MlflowError.invalid("Missing value for required parameter 'value' of param '" + key + "'");
    }
    if (value.length() > MAX_PARAM_VALUE_LENGTH) {
      throw MlflowError.invalid(
          "Param value for key '" + key + "' has length " + value.length()
              + ", which exceeds the limit of " + MAX_PARAM_VALUE_LENGTH);
    }
  }

  static void validateTagValue(String key, String value) {
    if (value == null) {
      throw MlflowError.invalid("Missing value for required parameter 'value' of tag '" + key + "'");
    }
    if (value.length() > MAX_TAG_VALUE_LENGTH) {
      throw MlflowError.invalid(
          "Tag value for key '" + key + "' has length " + value.length()
              + ", which exceeds the limit of " + MAX_TAG_VALUE_LENGTH);
    }
  }

  /** Ids name folders: anything but letters, digits, '_' and '-' can never exist. */
  static boolean isValidId(String id) {
    return id != null && VALID_ID.matcher(id).matches();
  }

  /** True for "a", "a/b.c"; false for "", "/a", "a/", "a//b", "./a", "a/../b". */
  static boolean isNormalRelativePath(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.indexOf('\\') >= 0
        || path.indexOf('\0') >= 0) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
