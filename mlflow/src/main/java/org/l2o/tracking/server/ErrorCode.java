package org.l2o.tracking.server;

/** MLflow's REST error codes, with the HTTP status MLflow's server answers them with. */
enum ErrorCode {
  INVALID_PARAMETER_VALUE(400),
  RESOURCE_ALREADY_EXISTS(400),
  RESOURCE_DOES_NOT_EXIST(404),
  ENDPOINT_NOT_FOUND(404),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  int httpStatus() {
    return httpStatus;
  }
}
