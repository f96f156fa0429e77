package org.l2o.env;

import org.tensorflow.DeviceSpec;

/** The kind of device TensorFlow runs a task's graph on. */
public enum DeviceKind {
  CPU(DeviceSpec.DeviceType.CPU),
  GPU(DeviceSpec.DeviceType.GPU);

  private final DeviceSpec.DeviceType tfType;

  DeviceKind(DeviceSpec.DeviceType tfType) {
    this.tfType = tfType;
  }

  DeviceSpec.DeviceType tfType() {
    return tfType;
  }

  /** TensorFlow's device string, e.g. {@code /device:GPU:0}. */
  public String tfDevice(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }
    return "/device:" + name() + ":" + index;
  }
}
