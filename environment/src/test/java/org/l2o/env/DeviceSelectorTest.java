package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

  private static final Optional<String> CPU_NATIVES = Optional.of("linux-x86_64");
  private static final Optional<String> GPU_NATIVES = Optional.of("linux-x86_64-gpu");

  private final List<String> logged = new ArrayList<>();

  private DeviceSelector selector(GpuStatus status) {
    return new DeviceSelector(() -> status, logged::add);
  }

  private static GpuStatus status(Optional<String> natives, String cuda, String cudnn, List<String> gpus) {
    return new GpuStatus(natives, Optional.ofNullable(cuda), Optional.ofNullable(cudnn), gpus,
        gpus.isEmpty() ? Optional.of("TensorFlow 2.18.0 lists no GPU device (it lists [/device:CPU:0])") : Optional.empty());
  }

  @Test
  void autoFallsBackToCpuAndLogsExactlyOneLineNamingTheReason() {
    DeviceChoice choice = selector(status(CPU_NATIVES, null, null, List.of())).select("auto");

    assertThat(choice.kind()).isEqualTo(DeviceKind.CPU);
    assertThat(choice.tfDevice()).isEqualTo("/device:CPU:0");
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0))
        .startsWith("device: CPU /device:CPU:0")
        .contains("falling back to CPU")
        .contains("mvn -Pgpu package");
  }

  @Test
  void gpuWithCpuNativesFailsFastNamingEveryMissingPiece() {
    DeviceSelector selector = selector(status(CPU_NATIVES, null, null, List.of()));

    assertThatThrownBy(() -> selector.select("gpu"))
        .isInstanceOf(DeviceUnavailableException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("device=gpu requested")
        .hasMessageContaining("GPU natives")
        .hasMessageContaining("mvn -Pgpu package")
        .hasMessageContaining("CUDA 12.5")
        .hasMessageContaining("cuDNN 9.3")
        .satisfies(e -> assertThat(((DeviceUnavailableException) e).missing()).hasSize(3));
    assertThat(logged).isEmpty();
  }

  @Test
  void gpuWithNativesAndLibrariesButNoDeviceBlamesTheDevice() {
    DeviceSelector selector = selector(status(GPU_NATIVES, "12.5.82", "9.3.0", List.of()));

    assertThatThrownBy(() -> selector.select("GPU"))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining("lists no GPU device")
        .hasMessageContaining("nvidia-smi")
        .hasMessageNotContaining("mvn -Pgpu")
        .satisfies(e -> assertThat(((DeviceUnavailableException) e).missing()).hasSize(1));
  }

  @Test
  void gpuWithWrongCudaMajorVersionSaysWhichWasFound() {
    DeviceSelector selector = selector(status(GPU_NATIVES, "11.8.89", "8.9.7", List.of()));

    assertThatThrownBy(() -> selector.select("gpu"))
        .hasMessageContaining("CUDA runtime 11.8.89 found")
        .hasMessageContaining("cuDNN 8.9.7 found");
  }

  @Test
  void cudnnOlderThanTheOneTensorFlowWasBuiltWithBlocksTheGpuEvenWhenTensorFlowListsIt() {
    // The nvidia/cuda:12.5.1-cudnn images ship cuDNN 9.2.1; TF 2.18 fails its first cuDNN op with it.
    GpuStatus oldCudnn = status(GPU_NATIVES, "12.5.82", "9.2.1", List.of("/device:GPU:0"));

    assertThatThrownBy(() -> selector(oldCudnn).select("gpu"))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining("cuDNN 9.2.1 found")
        .hasMessageContaining("9.3");
    assertThat(selector(oldCudnn).select("auto").kind()).isEqualTo(DeviceKind.CPU);
  }

  @Test
  void olderCuda12MinorIsUsedWithANote() {
    DeviceChoice choice = selector(status(GPU_NATIVES, "12.4.127", "9.3.0", List.of("/device:GPU:0"))).select("gpu");

    assertThat(choice.kind()).isEqualTo(DeviceKind.GPU);
    assertThat(choice.reason()).contains("CUDA 12.4.127").contains("older than the 12.5");
  }

  @Test
  void librariesTensorFlowFindsItselfAreTrustedWhenTheScanMissesThem() {
    DeviceChoice choice = selector(status(GPU_NATIVES, null, null, List.of("/device:GPU:0"))).select("gpu");

    assertThat(choice.tfDevice()).isEqualTo("/device:GPU:0");
    assertThat(choice.reason()).contains("CUDA via system loader");
  }

  @Test
  void gpuIsChosenWhenTensorFlowListsOne() {
    GpuStatus usable = status(GPU_NATIVES, "12.5.82", "9.3.0", List.of("/device:GPU:0", "/device:GPU:1"));

    DeviceChoice requested = selector(usable).select("gpu");
    assertThat(logged).as("an explicit gpu request is logged by the caller, not here").isEmpty();
    DeviceChoice automatic = selector(usable).select("auto");

    assertThat(requested.kind()).isEqualTo(DeviceKind.GPU);
    assertThat(requested.tfDevice()).isEqualTo("/device:GPU:0");
    assertThat(automatic).extracting(DeviceChoice::kind, DeviceChoice::tfDevice)
        .containsExactly(DeviceKind.GPU, "/device:GPU:0");
    assertThat(logged).singleElement().asString().contains("GPU /device:GPU:0").contains("CUDA 12.5.82");
  }

  @Test
  void cpuRequestNeverProbesTheMachine() {
    DeviceSelector selector = new DeviceSelector(() -> {
      throw new AssertionError("device=cpu must not probe for a GPU");
    }, logged::add);

    DeviceChoice choice = selector.select("cpu");

    assertThat(choice).isEqualTo(DeviceChoice.cpu("requested cpu"));
    assertThat(logged).isEmpty();
  }

  @Test
  void unknownDeviceValueIsRejectedWithTheAllowedOnes() {
    DeviceSelector selector = selector(status(CPU_NATIVES, null, null, List.of()));

    assertThatThrownBy(() -> selector.select("tpu"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("device must be one of auto, cpu, gpu, got 'tpu'");
    assertThatThrownBy(() -> selector.select((String) null)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The real probe on this machine: the build puts CPU natives on the classpath and there is no GPU. */
  @Test
  void systemProbeWithCpuNativesFallsBackToCpuWithoutLoadingTensorFlow() {
    DeviceSelector selector = new DeviceSelector(GpuProbe.system(), logged::add);

    DeviceChoice choice = selector.select("auto");

    assertThat(choice.kind()).isEqualTo(DeviceKind.CPU);
    assertThat(logged).singleElement().asString().contains("GPU natives");
    assertThatThrownBy(() -> selector.select("gpu"))
        .isInstanceOf(DeviceUnavailableException.class)
        .hasMessageContaining("found: " + TensorFlowProbe.javacppPlatform());
  }
}
