package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;
import org.tensorflow.proto.ConfigProto;

class DeviceChoiceTest {

  @Test
  void describeNamesKindDeviceAndReason() {
    DeviceChoice choice = new DeviceChoice(DeviceKind.GPU, "/device:GPU:1", "requested gpu");

    assertThat(choice.describe()).isEqualTo("device: GPU /device:GPU:1 (requested gpu)");
  }

  @Test
  void deviceSpecCarriesTypeAndIndex() {
    DeviceSpec spec = new DeviceChoice(DeviceKind.GPU, "/device:GPU:1", "test").deviceSpec();

    assertThat(spec.deviceType()).isEqualTo(DeviceSpec.DeviceType.GPU);
    assertThat(spec.deviceIndex()).isEqualTo(1);
  }

  @Test
  void cpuSessionConfigHidesEveryGpu() {
    ConfigProto config = DeviceChoice.cpu("test").sessionConfig();

    assertThat(config.getDeviceCountMap()).containsEntry("GPU", 0);
    assertThat(config.getAllowSoftPlacement()).isTrue();
  }

  @Test
  void gpuSessionConfigGrowsMemoryOnDemandAndKeepsGpusVisible() {
    ConfigProto config = new DeviceChoice(DeviceKind.GPU, "/device:GPU:0", "test").sessionConfig();

    assertThat(config.getGpuOptions().getAllowGrowth()).isTrue();
    assertThat(config.getDeviceCountMap()).doesNotContainKey("GPU");
  }

  @Test
  void deviceStringMustMatchKind() {
    assertThatThrownBy(() -> new DeviceChoice(DeviceKind.CPU, "/device:GPU:0", "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/device:CPU:<index>")
        .hasMessageContaining("'/device:GPU:0'");
    assertThatThrownBy(() -> new DeviceChoice(DeviceKind.CPU, "/device:CPU:0", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
