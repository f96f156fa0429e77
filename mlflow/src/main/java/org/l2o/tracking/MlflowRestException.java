package org.l2o.tracking;

/** The tracking server answered a REST call with an error: its HTTP status and MLflow error code. */
public final class MlflowRestException extends RuntimeException {
  private final int status;
  private final String errorCode;

  public MlflowRestException(String message, int status, String errorCode) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  /** MLflow's error code (RESOURCE_DOES_NOT_EXIST, ...), or null when the answer had none. */
  public String errorCode() {
    return errorCode;
  }
}
