package org.l2o.tracking.server;

/**
 * A request the server refuses, answered as MLflow's {@code {"error_code", "message"}} JSON so
 * the MLflow client and UI show the message.
 */
final class MlflowError extends RuntimeException {
  private final ErrorCode code;
  private final int httpStatus;

  MlflowError(ErrorCode code, int httpStatus, String message) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  static MlflowError invalid(String message) {
    return new MlflowError(ErrorCode.INVALID_PARAMETER_VALUE, 400, message);
  }

  static MlflowError notFound(String message) {
    return new MlflowError(ErrorCode.RESOURCE_DOES_NOT_EXIST, 404, message);
  }

  static MlflowError alreadyExists(String message) {
    return new MlflowError(ErrorCode.RESOURCE_ALREADY_EXISTS, 400, message);
  }

  /** The body is larger than the server accepts: still INVALID_PARAMETER_VALUE, but HTTP 413. */
  static MlflowError tooLarge(String message) {
    return new MlflowError(ErrorCode.INVALID_PARAMETER_VALUE, 413, message);
  }

  ErrorCode code() {
    return code;
  }

  int httpStatus() {
    return httpStatus;
  }
}
