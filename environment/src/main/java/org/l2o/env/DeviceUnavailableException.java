package org.l2o.env;

import java.util.List;

/** {@code device=gpu} was requested and this machine cannot run TensorFlow on a GPU; lists every missing piece. */
public final class DeviceUnavailableException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> missing;

  DeviceUnavailableException(String message, List<String> missing) {
    super(message);
    this.missing = List.copyOf(missing);
  }

  /** Each missing piece with its remedy, in the order a user should fix them. */
  public List<String> missing() {
    return missing;
  }
}
