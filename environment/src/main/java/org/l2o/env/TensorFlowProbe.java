package org.l2o.env;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListMemoryBytes;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListName;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GetCode;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_Message;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OK;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * TensorFlow's version and the devices it can place ops on.
 *
 * <p>The device list comes from the C API ({@code TF_SessionListDevices} on a throw-away session)
 * because TF Java 1.x has no public device listing; that is exactly the list a real session of
 * this process would see. Loading the natives costs seconds (minutes on the first extraction), so
 * the answer is computed once per JVM, and {@link #nativesClassifier()} answers "which natives?"
 * without loading anything.
 */
final class TensorFlowProbe {

  private static final String NATIVES_RESOURCE_ROOT = "org/tensorflow/internal/c_api/";
  private static final String GPU_SUFFIX = "-gpu";

  /** One device as TensorFlow lists it. */
  record Device(String name, String type, long memoryBytes) {
    /** {@code /device:GPU:0} from {@code /job:localhost/replica:0/task:0/device:GPU:0}. */
    String shortName() {
      int at = name.indexOf("/device:");
      return at >= 0 ? name.substring(at) : name;
    }

    boolean isGpu() {
      return "GPU".equalsIgnoreCase(type);
    }
  }

  /** TF's version and devices, or why they could not be had (natives missing, wrong glibc, ...). */
  record TensorFlowInfo(String version, List<Device> devices, Optional<String> failure) {
    TensorFlowInfo {
      devices = List.copyOf(devices);
    }

    List<Device> gpus() {
      return devices.stream().filter(Device::isGpu).toList();
    }
  }

  private static volatile TensorFlowInfo cached;

  private TensorFlowProbe() {
  }

  /** Loads TensorFlow (once per JVM) and lists its devices. Never throws. */
  static TensorFlowInfo probe() {
    TensorFlowInfo info = cached;
    if (info == null) {
      synchronized (TensorFlowProbe.class) {
        info = cached;
        if (info == null) {
          info = load();
          cached = info;
        }
      }
    }
    return info;
  }

  private static TensorFlowInfo load() {
    String version;
    try {
      version = TensorFlow.version();
    } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError
      return new TensorFlowInfo(EnvironmentInfo.UNKNOWN, List.of(),
          Optional.of("TensorFlow natives failed to load: " + e));
    }
    try {
      return new TensorFlowInfo(version, listDevices(), Optional.empty());
    } catch (RuntimeException | LinkageError e) {
      return new TensorFlowInfo(version, List.of(), Optional.of("TensorFlow could not list devices: " + e));
    }
  }

  private static List<Device> listDevices() {
    TF_Status status = TF_NewStatus();
    TF_Graph graph = TF_NewGraph();
    TF_SessionOptions options = TF_NewSessionOptions();
    TF_Session session = null;
    TF_DeviceList list = null;
    try {
      session = TF_NewSession(graph, options, status);
      check(status, "TF_NewSession");
      list = TF_SessionListDevices(session, status);
      check(status, "TF_SessionListDevices");
      List<Device> devices = new ArrayList<>();
      int count = TF_DeviceListCount(list);
      for (int i = 0; i < count; i++) {
        String name = TF_DeviceListName(list, i, status).getString();
        String type = TF_DeviceListType(list, i, status).getString();
        long memory = TF_DeviceListMemoryBytes(list, i, status);
        check(status, "TF_DeviceList entry " + i);
        devices.add(new Device(name, type, memory));
      }
      return devices;
    } finally {
      if (list != null) {
        TF_DeleteDeviceList(list);
      }
      if (session != null) {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
      TF_DeleteSessionOptions(options);
      TF_DeleteGraph(graph);
      TF_DeleteStatus(status);
    }
  }

  private static void check(TF_Status status, String call) {
    if (TF_GetCode(status) != TF_OK) {
      throw new IllegalStateException(call + " failed: " + TF_Message(status).getString());
    }
  }

  /**
   * Which tensorflow-core-native classifier is on the classpath ({@code linux-x86_64-gpu} wins if
   * both are, although the build never puts both there), found by resource lookup without loading
   * any native code.
   */
  static Optional<String> nativesClassifier() {
    return nativesClassifier(TensorFlowProbe.class.getClassLoader(), javacppPlatform());
  }

  static Optional<String> nativesClassifier(ClassLoader loader, String platform) {
    String library = System.mapLibraryName("jnitensorflow");
    for (String classifier : List.of(platform + GPU_SUFFIX, platform)) {
      if (loader.getResource(NATIVES_RESOURCE_ROOT + classifier + "/" + library) != null) {
        return Optional.of(classifier);
      }
    }
    return Optional.empty();
  }

  static boolean isGpuClassifier(String classifier) {
    return classifier.endsWith(GPU_SUFFIX);
  }

  /** JavaCPP's platform name for this JVM: linux-x86_64, macosx-arm64, windows-x86_64, ... */
  static String javacppPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.startsWith("mac") ? "macosx" : os.startsWith("windows") ? "windows" : os.replaceAll("\\s+", "");
    String archPart = switch (arch) {
      case "amd64", "x86_64", "x86-64" -> "x86_64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return osPart + "-" + archPart;
  }
}
