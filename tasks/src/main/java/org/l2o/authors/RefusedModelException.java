package org.l2o.authors;

/**
 * A file that is not exactly one of the authors' released optimizers: an unknown digest, a pickle
 * that would call something other than numpy's and dill's reconstructors, or a missing or
 * misshapen array. The message names the file and what was found; it is the caller's input that is
 * wrong, hence an {@link IllegalArgumentException} (the CLI exits 2).
 */
public final class RefusedModelException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public RefusedModelException(String message) {
    super(message);
  }

  public RefusedModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
