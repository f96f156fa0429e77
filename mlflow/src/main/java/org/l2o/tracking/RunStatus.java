package org.l2o.tracking;

/** How a tracked run ended, with MLflow's FileStore status codes. */
public enum RunStatus {
  RUNNING(1),
  SCHEDULED(2),
  FINISHED(3),
  FAILED(4),
  KILLED(5);

  private final int code;

  RunStatus(int code) {
    this.code = code;
  }

  /** The integer MLflow's FileStore writes in a run's meta.yaml. */
  public int code() {
    return code;
  }

  public static RunStatus fromCode(int code) {
    for (RunStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown MLflow run status code: " + code);
  }
}
