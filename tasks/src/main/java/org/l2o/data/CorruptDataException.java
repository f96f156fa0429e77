package org.l2o.data;

import java.io.IOException;

/** A data file whose structure is wrong: bad magic, truncated, sizes or counts that disagree. */
public class CorruptDataException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptDataException(String message) {
    super(message);
  }

  public CorruptDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
