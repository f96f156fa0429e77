package org.l2o.data;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the fetcher's per-file log lines out of test output; failures still show in asserts. */
public final class QuietLogs {
  private QuietLogs() {}

  public static void data() {
    if (LoggerFactory.getLogger("org.l2o.data") instanceof Logger l) {
      l.setLevel(Level.ERROR);
    }
  }
}
