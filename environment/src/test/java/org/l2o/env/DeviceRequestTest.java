package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceRequestTest {

  @Test
  void parseAcceptsEveryParamValueCaseInsensitively() {
    assertThat(DeviceRequest.parse("auto")).isEqualTo(DeviceRequest.AUTO);
    assertThat(DeviceRequest.parse(" CPU ")).isEqualTo(DeviceRequest.CPU);
    assertThat(DeviceRequest.parse("Gpu")).isEqualTo(DeviceRequest.GPU);
    for (DeviceRequest request : DeviceRequest.values()) {
      assertThat(DeviceRequest.parse(request.param())).isEqualTo(request);
    }
  }

  @Test
  void defaultIsAuto() {
    assertThat(DeviceRequest.DEVICE_DEFAULT).isEqualTo(DeviceRequest.AUTO);
  }
}
