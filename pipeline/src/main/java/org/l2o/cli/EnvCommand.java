package org.l2o.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.l2o.env.DeviceSelector;
import org.l2o.env.EnvironmentCapture;
import org.l2o.env.EnvironmentInfo;
import org.l2o.env.GpuProbe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code l2o env}: the environment every task records (JDK, OS, CPU, memory, TF, devices, git). */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    header = "Print the environment each task records as provenance and MLflow tags.",
    footer = {
      "",
      "Examples:",
      "  l2o env                         # JSON, TF devices included (loads TF: ~1-8 s)",
      "  l2o env --device gpu            # also check that a usable GPU is there (exit 1 if not)",
      "  l2o env --no-tensorflow --out env.json"
    })
public final class EnvCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--no-tensorflow", description = "Skip TF (version, devices) for a fast answer.")
  boolean noTensorflow;

  @Option(names = "--device", paramLabel = "<auto|cpu|gpu>",
      description = "Also resolve this device choice, as a task would.")
  String device;

  @Option(names = "--out", paramLabel = "<file.json>", description = "Write JSON here instead of printing it.")
  Path out;

  @Override
  public Integer call() throws Exception {
    EnvironmentInfo info = EnvironmentCapture.capture(Path.of("").toAbsolutePath(), !noTensorflow);
    if (device != null) {
      info = info.withDevice(new DeviceSelector(GpuProbe.system(), System.err::println).select(device));
    }
    if (out != null) {
      info.writeJson(out);
      spec.commandLine().getOut().println("wrote " + out);
    } else {
      spec.commandLine().getOut().println(info.toJson());
    }
    return 0;
  }
}
