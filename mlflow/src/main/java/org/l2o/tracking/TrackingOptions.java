package org.l2o.tracking;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * How trackers talk to the server. Timeouts are short on purpose: when the server is down the
 * task must go on, spooling to disk, rather than wait. After a failed call the tracker does not
 * try the server again for {@code retryBackoff} (doubling up to {@code retryBackoffMax}); it
 * spools instead.
 *
 * @param connectTimeout TCP connect timeout of every call
 * @param requestTimeout time allowed for a whole response
 * @param maxAttempts attempts per call on HTTP errors (the MLflow client's retry loop)
 * @param flushInterval buffered metrics are sent at least this often
 * @param retryBackoff first pause after a failed call before the server is tried again
 * @param retryBackoffMax longest such pause
 * @param warnings where "metrics spooled to ..." warnings go; the log by default
 */
public record TrackingOptions(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxAttempts,
    Duration flushInterval,
    Duration retryBackoff,
    Duration retryBackoffMax,
    Consumer<String> warnings) {

  public static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(5);
  public static final Duration REQUEST_TIMEOUT_DEFAULT = Duration.ofSeconds(30);
  public static final int MAX_ATTEMPTS_DEFAULT = 3;
  public static final Duration FLUSH_INTERVAL_DEFAULT = Duration.ofSeconds(10);
  public static final Duration RETRY_BACKOFF_DEFAULT = Duration.ofSeconds(5);
  public static final Duration RETRY_BACKOFF_MAX_DEFAULT = Duration.ofMinutes(2);

  public TrackingOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
    Objects.requireNonNull(warnings, "warnings");
    if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
        || requestTimeout.isZero()) {
      throw new IllegalArgumentException("tracking timeouts must be > 0, got connect="
          + connectTimeout + " request=" + requestTimeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    if (flushInterval.isNegative() || retryBackoff.isNegative() || retryBackoffMax.compareTo(retryBackoff) < 0) {
      throw new IllegalArgumentException("flushInterval and retryBackoff must be >= 0 and retryBackoffMax >="
          + " retryBackoff, got flush=" + flushInterval + " backoff=" + retryBackoff + ".." + retryBackoffMax);
    }
  }

  public static TrackingOptions defaults() {
    return new TrackingOptions(CONNECT_TIMEOUT_DEFAULT, REQUEST_TIMEOUT_DEFAULT, MAX_ATTEMPTS_DEFAULT,
        FLUSH_INTERVAL_DEFAULT, RETRY_BACKOFF_DEFAULT, RETRY_BACKOFF_MAX_DEFAULT,
        LoggerFactory.getLogger(Tracker.class)::warn);
  }

  public TrackingOptions withWarnings(Consumer<String> sink) {
    return new TrackingOptions(connectTimeout, requestTimeout, maxAttempts, flushInterval, retryBackoff,
        retryBackoffMax, sink);
  }

  public TrackingOptions withRetryBackoff(Duration first, Duration max) {
    return new TrackingOptions(connectTimeout, requestTimeout, maxAttempts, flushInterval, first, max, warnings);
  }

  public TrackingOptions withTimeouts(Duration connect, Duration request) {
    return new TrackingOptions(connect, request, maxAttempts, flushInterval, retryBackoff, retryBackoffMax, warnings);
  }

  @Override
  public String toString() {
    return "TrackingOptions{connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", maxAttempts=" + maxAttempts + ", flushInterval=" + flushInterval + ", retryBackoff="
        + retryBackoff + ".." + retryBackoffMax + "}";
  }
}
