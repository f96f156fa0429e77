package org.l2o.tracking;

/**
 * The tracking server could not be reached (or answered 5xx) where the caller needs an answer:
 * connecting a session, or replaying a spool. Logging during a run never throws this; it spools.
 */
public final class TrackingUnavailableException extends RuntimeException {
  public TrackingUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
