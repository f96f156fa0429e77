package org.l2o.env;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What this machine offers a GPU run: which TF natives are on the classpath, which CUDA runtime and
 * cuDNN the loader would find, and which GPUs TensorFlow itself lists.
 *
 * @param nativesClassifier tensorflow-core-native classifier on the classpath, e.g. linux-x86_64-gpu
 * @param cudaVersion CUDA runtime version found (libcudart), if any
 * @param cudnnVersion cuDNN version found (libcudnn), if any
 * @param tfGpuDevices GPU devices TensorFlow lists, e.g. /device:GPU:0; empty when not probed
 * @param tfProblem why TensorFlow was not asked or could not answer, if so
 */
public record GpuStatus(
    Optional<String> nativesClassifier,
    Optional<String> cudaVersion,
    Optional<String> cudnnVersion,
    List<String> tfGpuDevices,
    Optional<String> tfProblem) {

  public GpuStatus {
    Objects.requireNonNull(nativesClassifier, "nativesClassifier");
    Objects.requireNonNull(cudaVersion, "cudaVersion");
    Objects.requireNonNull(cudnnVersion, "cudnnVersion");
    tfGpuDevices = List.copyOf(tfGpuDevices);
    Objects.requireNonNull(tfProblem, "tfProblem");
  }

  /** Whether TF's GPU natives (the {@code -gpu} classifier) are on the classpath. */
  public boolean gpuNatives() {
    return nativesClassifier.map(TensorFlowProbe::isGpuClassifier).orElse(false);
  }

  /** A GPU is usable exactly when GPU natives are loaded and TensorFlow lists a GPU device. */
  public boolean usable() {
    return gpuNatives() && !tfGpuDevices.isEmpty();
  }
}
