package org.l2o.stages;

import org.l2o.env.DeviceChoice;
import org.l2o.env.DeviceSelector;
import org.l2o.env.GpuProbe;
import org.l2o.env.EnvironmentInfo;

/** Resolves the {@code device} param once per task, logging and tagging the placement. */
final class Devices {

  private Devices() {}

  static DeviceChoice choose(String device, StageContext ctx) {
    // One line per task, named by the task: the selector's own log line would repeat it unnamed.
    DeviceChoice choice = new DeviceSelector(GpuProbe.system(), line -> {}).select(device);
    ctx.log().println(ctx.taskName() + ": " + choice.describe());
    ctx.tracker().setTag(EnvironmentInfo.tagKey(EnvironmentInfo.DEVICE), choice.describe());
    return choice;
  }
}
