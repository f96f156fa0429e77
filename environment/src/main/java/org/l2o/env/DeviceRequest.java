package org.l2o.env;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code device} param: what the user asked for, before the machine has been looked at. */
public enum DeviceRequest {
  /** A usable GPU if there is one, else the CPU; never fails. */
  AUTO,
  /** The CPU, even when a GPU is usable. */
  CPU,
  /** A GPU or a clear failure; never a silent CPU run that takes 20x longer. */
  GPU;

  public static final DeviceRequest DEVICE_DEFAULT = AUTO;

  /**
   * Parses the param value, case-insensitively.
   *
   * @throws IllegalArgumentException for anything but auto, cpu or gpu
   */
  public static DeviceRequest parse(String value) {
    if (value != null) {
      for (DeviceRequest request : values()) {
        if (request.param().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return request;
        }
      }
    }
    throw new IllegalArgumentException("device must be one of "
        + Arrays.stream(values()).map(DeviceRequest::param).collect(Collectors.joining(", "))
        + ", got '" + value + "'");
  }

  /** The value as written in params files: {@code auto}, {@code cpu} or {@code gpu}. */
  public String param() {
    return name().toLowerCase(Locale.ROOT);
  }
}
