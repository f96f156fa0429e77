package org.l2o.env;

import java.util.List;
import java.util.Optional;

/** Looks at the machine for {@link DeviceSelector}; injectable so the GPU paths are testable without one. */
@FunctionalInterface
public interface GpuProbe {

  GpuStatus probe();

  /**
   * The real probe. TensorFlow is loaded only when its GPU natives are on the classpath: with CPU
   * natives the answer is known without paying the load, and with GPU natives TF's own device list
   * is the truth (it finds CUDA however the system provides it).
   */
  static GpuProbe system() {
    return () -> {
      Optional<String> classifier = TensorFlowProbe.nativesClassifier();
      CudaProbe.CudaInfo cuda = new CudaProbe(System.getenv(), CommandRunner.system()).probe();
      if (!classifier.map(TensorFlowProbe::isGpuClassifier).orElse(false)) {
        return new GpuStatus(classifier, cuda.cudaVersion(), cuda.cudnnVersion(), List.of(),
            Optional.of("not asked: TensorFlow's GPU natives are not on the classpath"));
      }
      TensorFlowProbe.TensorFlowInfo tf = TensorFlowProbe.probe();
      List<String> gpus = tf.gpus().stream().map(TensorFlowProbe.Device::shortName).toList();
      Optional<String> problem = tf.failure().or(() -> gpus.isEmpty()
          ? Optional.of("TensorFlow " + tf.version() + " lists no GPU device (it lists "
              + tf.devices().stream().map(TensorFlowProbe.Device::shortName).toList() + ")")
          : Optional.empty());
      return new GpuStatus(classifier, cuda.cudaVersion(), cuda.cudnnVersion(), gpus, problem);
    };
  }
}
