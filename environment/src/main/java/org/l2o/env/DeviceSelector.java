package org.l2o.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Resolves the {@code device} param ({@code auto}, {@code cpu}, {@code gpu}) to a {@link DeviceChoice}.
 *
 * <p>TF 2.18's GPU natives need CUDA 12.5 and cuDNN 9.3 and silently run on the CPU without them,
 * which would turn a GPU job into a run many times slower with nothing said. So {@code gpu} fails
 * fast, naming every missing piece, and {@code auto} logs one line saying which device it took.
 */
public final class DeviceSelector {

  /** The CUDA toolkit TF Java 1.1.0 (TF 2.18) GPU natives were built against. */
  public static final String CUDA_REQUIRED = "12.5";
  /** The cuDNN TF Java 1.1.0 (TF 2.18) GPU natives were built against. */
  public static final String CUDNN_REQUIRED = "9.3";

  private final GpuProbe probe;
  private final Consumer<String> log;

  /** @param log receives the single line {@code auto} emits */
  public DeviceSelector(GpuProbe probe, Consumer<String> log) {
    this.probe = Objects.requireNonNull(probe, "probe");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * Resolves a params-file value.
   *
   * @throws IllegalArgumentException if {@code device} is not auto, cpu or gpu
   * @throws DeviceUnavailableException if {@code gpu} was requested and no GPU is usable
   */
  public DeviceChoice select(String device) {
    return select(DeviceRequest.parse(device));
  }

  /** As {@link #select(String)}. */
  public DeviceChoice select(DeviceRequest request) {
    Objects.requireNonNull(request, "request");
    if (request == DeviceRequest.CPU) {
      // No probe: asking for the CPU must not load TF early or scan for CUDA.
      return DeviceChoice.cpu("requested cpu");
    }
    GpuStatus status = probe.probe();
    // TF lists a GPU before it loads cuDNN, so a too-old cuDNN must be caught here, not at the first conv.
    if (status.usable() && versionProblems(status).isEmpty()) {
      DeviceChoice choice = new DeviceChoice(DeviceKind.GPU, status.tfGpuDevices().get(0),
          request.param() + ": TensorFlow lists " + String.join(", ", status.tfGpuDevices())
              + "; CUDA " + status.cudaVersion().orElse("via system loader")
              + ", cuDNN " + status.cudnnVersion().orElse("via system loader")
              + cudaMinorNote(status));
      if (request == DeviceRequest.AUTO) {
        log.accept(choice.describe());
      }
      return choice;
    }
    List<String> missing = missing(status);
    if (request == DeviceRequest.GPU) {
      throw new DeviceUnavailableException("device=gpu requested but no GPU is usable: "
          + String.join("; ", missing) + ". Fix the above, or run with device=auto or device=cpu.", missing);
    }
    DeviceChoice choice = DeviceChoice.cpu("auto: no usable GPU, falling back to CPU: " + String.join("; ", missing));
    log.accept(choice.describe());
    return choice;
  }

  /** Every reason the GPU is not usable, each with its remedy, most fundamental first. */
  static List<String> missing(GpuStatus status) {
    List<String> missing = new ArrayList<>();
    if (!status.gpuNatives()) {
      missing.add("TensorFlow's GPU natives (tensorflow-core-native:" + TensorFlowProbe.javacppPlatform()
          + "-gpu) are not on the classpath (found: " + status.nativesClassifier().orElse("none")
          + "); build the distribution with `mvn -Pgpu package`");
    }
    if (status.cudaVersion().isEmpty()) {
      missing.add("CUDA " + CUDA_REQUIRED + " runtime (libcudart.so.12) not found on LD_LIBRARY_PATH or in the"
          + " linker cache; install CUDA " + CUDA_REQUIRED + " and add its lib64 directory to LD_LIBRARY_PATH");
    }
    if (status.cudnnVersion().isEmpty()) {
      missing.add("cuDNN " + CUDNN_REQUIRED + " (libcudnn.so.9) not found on LD_LIBRARY_PATH or in the linker"
          + " cache; install cuDNN " + CUDNN_REQUIRED + " for CUDA 12 and add it to LD_LIBRARY_PATH");
    }
    missing.addAll(versionProblems(status));
    if (status.gpuNatives() && status.tfGpuDevices().isEmpty()) {
      missing.add(status.tfProblem().orElse("TensorFlow lists no GPU device")
          + "; check that `nvidia-smi` shows a GPU and its driver supports CUDA " + CUDA_REQUIRED);
    }
    return missing;
  }

  /**
   * Libraries found but too old or of another major version. cuDNN must match TF's major and be at
   * least its minor (TF checks this when it first loads cuDNN and fails the op); a CUDA 12 runtime
   * older than 12.5 usually works under CUDA's minor-version compatibility, so it only gets a note.
   */
  static List<String> versionProblems(GpuStatus status) {
    List<String> problems = new ArrayList<>();
    status.cudaVersion().filter(found -> !sameMajor(found, CUDA_REQUIRED)).ifPresent(found -> problems.add(
        "CUDA runtime " + found + " found but TensorFlow 2.18 needs CUDA " + CUDA_REQUIRED
            + "; put a CUDA 12 lib64 directory first on LD_LIBRARY_PATH"));
    status.cudnnVersion().filter(found -> !sameMajor(found, CUDNN_REQUIRED) || olderMinor(found, CUDNN_REQUIRED))
        .ifPresent(found -> problems.add("cuDNN " + found + " found but TensorFlow 2.18 needs cuDNN " + CUDNN_REQUIRED
            + " or a later 9.x; install libcudnn9-cuda-12 >= " + CUDNN_REQUIRED + " and put it first on LD_LIBRARY_PATH"));
    return problems;
  }

  private static String cudaMinorNote(GpuStatus status) {
    return status.cudaVersion().filter(found -> olderMinor(found, CUDA_REQUIRED))
        .map(found -> " (older than the " + CUDA_REQUIRED + " TF was built with; upgrade if kernels fail to load)")
        .orElse("");
  }

  private static boolean sameMajor(String found, String required) {
    return found.split("\\.")[0].equals(required.split("\\.")[0]);
  }

  /** Same major, and a minor that is known and lower: 9.2.1 vs 9.3. A bare "9" is given the benefit of the doubt. */
  private static boolean olderMinor(String found, String required) {
    String[] f = found.split("\\.");
    return sameMajor(found, required) && f.length > 1 && CudaProbe.compareVersions(found, required) < 0;
  }
  @Override
  public String toString() {
    return "DeviceSelector[cudaRequired=" + CUDA_REQUIRED + ", cudnnRequired=" + CUDNN_REQUIRED
        + ", probe=" + probe + "]";
  }
}
