package org.l2o.engine.graph;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.DeviceSpec;
import org.tensorflow.op.Ops;

/** Turns the engine's device string into a TF placement scope. */
public final class Devices {

  private static final Pattern DEVICE =
      Pattern.compile("/(?:device:)?(cpu|gpu):(\\d+)", Pattern.CASE_INSENSITIVE);

  private Devices() {}

  /**
   * {@code tf} placed on {@code device}: "" keeps TF's default placement; otherwise
   * "/device:GPU:0", "/gpu:0", "/device:CPU:0" or "/cpu:0".
   */
  public static Ops place(Ops tf, String device) {
    if (device == null || device.isEmpty()) {
      return tf;
    }
    Matcher m = DEVICE.matcher(device.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "device '" + device + "' not understood; expected \"\" (default placement), "
              + "\"/device:GPU:<n>\" or \"/device:CPU:<n>\"");
    }
    DeviceSpec.DeviceType type =
        DeviceSpec.DeviceType.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    return tf.withDevice(
        DeviceSpec.newBuilder().deviceType(type).deviceIndex(Integer.parseInt(m.group(2))).build());
  }
}
