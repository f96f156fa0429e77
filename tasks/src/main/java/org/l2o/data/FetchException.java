package org.l2o.data;

import java.io.IOException;

/**
 * A fetch that could not produce verified (or, with {@code data_verify=false}, readable) data.
 * The message is one line: what failed, the offending file and URLs, and the next step.
 */
public class FetchException extends IOException {
  private static final long serialVersionUID = 1L;

  public FetchException(String message) {
    super(message);
  }

  public FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
