package org.l2o.stages;

/**
 * A failure the user must act on, with a one-line cause and the process exit code to use
 * (1 for a failed computation, 2 for bad input).
 */
public class StageException extends RuntimeException {

  private final int exitCode;

  public StageException(String message) {
    this(message, 1, null);
  }

  public StageException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
