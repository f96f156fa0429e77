package org.l2o.env;

import java.util.Objects;
import org.tensorflow.DeviceSpec;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The device a task runs on, and why. Callers log {@link #describe()} once per task so every
 * result says where it was computed.
 *
 * @param kind CPU or GPU
 * @param tfDevice TensorFlow's device string, e.g. {@code /device:CPU:0}
 * @param reason why this device: what was requested and what the machine offered
 */
public record DeviceChoice(DeviceKind kind, String tfDevice, String reason) {

  public DeviceChoice {
    Objects.requireNonNull(kind, "kind");
    if (tfDevice == null || !tfDevice.startsWith("/device:" + kind.name() + ":")) {
      throw new IllegalArgumentException("tfDevice must look like /device:" + kind.name() + ":<index>, got '"
          + tfDevice + "'");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason must be non-blank for device " + tfDevice);
    }
  }

  /** The first CPU, for tests and tools that never want a GPU. */
  public static DeviceChoice cpu(String reason) {
    return new DeviceChoice(DeviceKind.CPU, DeviceKind.CPU.tfDevice(0), reason);
  }

  /** One line for the task log, e.g. {@code device: CPU /device:CPU:0 (auto: no GPU natives ...)}. */
  public String describe() {
    return "device: " + kind + " " + tfDevice + " (" + reason + ")";
  }

  /** For {@code Ops.withDevice(...)} when ops are placed explicitly. */
  public DeviceSpec deviceSpec() {
    int index = Integer.parseInt(tfDevice.substring(tfDevice.lastIndexOf(':') + 1));
    return DeviceSpec.newBuilder().deviceType(kind.tfType()).deviceIndex(index).build();
  }

  /**
   * A session config that makes the choice stick: a CPU choice hides every GPU (so GPU natives
   * cannot grab one behind our back), a GPU choice lets memory grow on demand (so several tasks or
   * seeds can share one card). Callers add their own settings with {@code toBuilder()}.
   */
  public ConfigProto sessionConfig() {
    ConfigProto.Builder config = ConfigProto.newBuilder().setAllowSoftPlacement(true);
    if (kind == DeviceKind.CPU) {
      config.putDeviceCount("GPU", 0);
    } else {
      config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }
    return config.build();
  }
}
