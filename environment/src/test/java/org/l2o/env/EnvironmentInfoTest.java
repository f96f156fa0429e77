package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentInfoTest {

  @TempDir
  Path dir;

  private static EnvironmentInfo sample() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(EnvironmentInfo.GIT_COMMIT, "0123456789abcdef0123456789abcdef01234567");
    values.put("future.key", "kept");
    values.put(EnvironmentInfo.JDK_VERSION, "17.0.15+6");
    values.put(EnvironmentInfo.SCHEMA, "1");
    return EnvironmentInfo.of(values);
  }

  @Test
  void knownKeysComeFirstInCanonicalOrderAndExtraKeysAfter() {
    assertThat(sample().asMap().keySet())
        .containsExactly(EnvironmentInfo.SCHEMA, EnvironmentInfo.JDK_VERSION, EnvironmentInfo.GIT_COMMIT, "future.key");
  }

  @Test
  void jsonRoundTripKeepsEveryValueAndTheOrder() {
    Path file = dir.resolve("sub/environment.json");
    EnvironmentInfo info = sample();

    info.writeJson(file);
    EnvironmentInfo read = EnvironmentInfo.readJson(file);

    assertThat(read).isEqualTo(info);
    assertThat(read.asMap().keySet()).containsExactlyElementsOf(info.asMap().keySet());
  }

  @Test
  void anOlderFileWithoutAKeyReadsBackAsUnknown() throws Exception {
    Path file = dir.resolve("old.json");
    Files.writeString(file, "{\"schema\":\"1\",\"jdk.version\":\"11.0.2\"}");

    EnvironmentInfo read = EnvironmentInfo.readJson(file);

    assertThat(read.get(EnvironmentInfo.JDK_VERSION)).isEqualTo("11.0.2");
    assertThat(read.get(EnvironmentInfo.TF_DEVICES)).isEqualTo(EnvironmentInfo.UNKNOWN);
  }

  @Test
  void aFileThatIsNotAFlatObjectIsRejectedNamingTheFile() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "[1, 2]");

    assertThatThrownBy(() -> EnvironmentInfo.readJson(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("flat JSON object");
  }

  @Test
  void tagsArePrefixedAndCutToMlflowsLimit() {
    String longValue = "x".repeat(EnvironmentInfo.TAG_VALUE_MAX_CHARS + 10);
    EnvironmentInfo info = EnvironmentInfo.of(Map.of(EnvironmentInfo.JDK_VENDOR, "Debian", EnvironmentInfo.TF_DEVICES, longValue));

    Map<String, String> tags = info.asTags();

    assertThat(tags).containsEntry("l2o.env.jdk.vendor", "Debian");
    assertThat(tags.get("l2o.env.tf.devices")).hasSize(EnvironmentInfo.TAG_VALUE_MAX_CHARS).endsWith("[truncated]");
  }

  @Test
  void nullValueIsRejectedPointingAtUnknown() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(EnvironmentInfo.CPU_MODEL, null);

    assertThatThrownBy(() -> EnvironmentInfo.of(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cpu.model")
        .hasMessageContaining("unknown");
  }

  @Test
  void withDeviceAddsTheDeviceAndItsReasonAsTags() {
    EnvironmentInfo info = sample().withDevice(DeviceChoice.cpu("requested cpu"));

    assertThat(info.get(EnvironmentInfo.DEVICE)).isEqualTo("CPU /device:CPU:0");
    assertThat(info.asTags()).containsEntry("l2o.env.device.reason", "requested cpu");
    assertThat(info.summary()).endsWith(", device=CPU /device:CPU:0");
    assertThat(sample().asMap()).doesNotContainKey(EnvironmentInfo.DEVICE);
  }

  @Test
  void summaryMarksADirtyTree() {
    EnvironmentInfo info = EnvironmentInfo.of(Map.of(EnvironmentInfo.GIT_COMMIT, "abc1234", EnvironmentInfo.GIT_DIRTY, "true"));

    assertThat(info.summary()).contains("git=abc1234+dirty");
  }
}
