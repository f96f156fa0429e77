package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowProbeTest {

  @TempDir
  Path dir;

  /** A class loader over a directory laid out like the natives jar, with an empty synthetic library. */
  private ClassLoader nativesLoader(String classifier) throws Exception {
    Path library = dir.resolve("org/tensorflow/internal/c_api/" + classifier + "/" + System.mapLibraryName("jnitensorflow"));
    Files.createDirectories(library.getParent());
    Files.createFile(library);
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
  }

  @Test
  void gpuClassifierIsRecognisedWithoutLoadingAnything() throws Exception {
    ClassLoader loader = nativesLoader("linux-x86_64-gpu");

    assertThat(TensorFlowProbe.nativesClassifier(loader, "linux-x86_64")).contains("linux-x86_64-gpu");
    assertThat(TensorFlowProbe.isGpuClassifier("linux-x86_64-gpu")).isTrue();
  }

  @Test
  void cpuClassifierIsRecognised() throws Exception {
    assertThat(TensorFlowProbe.nativesClassifier(nativesLoader("linux-x86_64"), "linux-x86_64")).contains("linux-x86_64");
    assertThat(TensorFlowProbe.isGpuClassifier("linux-x86_64")).isFalse();
  }

  @Test
  void noNativesIsEmpty() {
    assertThat(TensorFlowProbe.nativesClassifier(new URLClassLoader(new URL[0], null), "linux-x86_64")).isEmpty();
  }

  @Test
  void thisBuildHasTheCpuNativesOfThisPlatform() {
    assertThat(TensorFlowProbe.nativesClassifier()).contains(TensorFlowProbe.javacppPlatform());
  }

  @Test
  void deviceShortNameDropsJobReplicaAndTask() {
    TensorFlowProbe.Device device = new TensorFlowProbe.Device("/job:localhost/replica:0/task:0/device:GPU:1", "GPU", 1L << 30);

    assertThat(device.shortName()).isEqualTo("/device:GPU:1");
    assertThat(device.isGpu()).isTrue();
  }
}
