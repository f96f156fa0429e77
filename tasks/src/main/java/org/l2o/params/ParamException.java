package org.l2o.params;

/**
 * A param that is unknown, of the wrong type, or out of range. The message names the key, the
 * value, what is allowed and where the value came from; the CLI maps it to exit code 2.
 */
public final class ParamException extends IllegalArgumentException {

  private final String key;

  public ParamException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The offending param's name. */
  public String key() {
    return key;
  }
}
