package org.l2o.env;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a result was computed on: JDK, OS, CPU, memory, TensorFlow and its devices, CUDA, git commit.
 *
 * <p>Provenance is data (the Tribuo habit): the keys are stable dotted/kebab constants, the order is
 * fixed, every value is a string, and a file written by an older version that lacks a key still
 * reads back, the key reporting {@link #UNKNOWN}. Floating-point results can differ across JDKs,
 * CPUs (vector units) and TF builds, so a reproduction must be able to say which ones it used.
 *
 * <p>Values that could not be determined are {@link #UNKNOWN}; things looked for and not present
 * (no CUDA on a CPU box) are {@link #NONE}; TensorFlow facts left out on purpose by {@code
 * EnvironmentCapture.capture(false)} are {@link #SKIPPED}.
 */
public final class EnvironmentInfo {

  /** Bumped when a key changes meaning; new keys alone don't bump it. */
  public static final String SCHEMA_VERSION_DEFAULT = "1";

  public static final String SCHEMA = "schema";
  public static final String CAPTURED_AT = "captured-at";
  public static final String JDK_VENDOR = "jdk.vendor";
  public static final String JDK_VERSION = "jdk.version";
  public static final String JDK_VM = "jdk.vm";
  public static final String JDK_HOME = "jdk.home";
  public static final String OS_NAME = "os.name";
  public static final String OS_VERSION = "os.version";
  public static final String OS_ARCH = "os.arch";
  public static final String CPU_MODEL = "cpu.model";
  /** Processors this JVM may use (honours container limits), not the host's socket count. */
  public static final String CPU_CORES = "cpu.cores";
  /** Physical memory visible to the JVM (the container limit inside a container). */
  public static final String MEMORY_TOTAL_BYTES = "memory.total-bytes";
  public static final String JVM_MAX_HEAP_BYTES = "jvm.max-heap-bytes";
  public static final String TF_VERSION = "tf.version";
  /** Which tensorflow-core-native classifier is on the classpath, e.g. linux-x86_64 or linux-x86_64-gpu. */
  public static final String TF_NATIVES = "tf.natives";
  /** Comma-separated devices TensorFlow lists, e.g. {@code /device:CPU:0}. */
  public static final String TF_DEVICES = "tf.devices";
  public static final String CUDA_VERSION = "cuda.version";
  public static final String CUDNN_VERSION = "cudnn.version";
  /** GPUs the NVIDIA driver reports (nvidia-smi), independent of whether TF can use them. */
  public static final String GPU_DEVICES = "gpu.devices";
  public static final String GPU_DRIVER = "gpu.driver";
  public static final String GIT_COMMIT = "git.commit";
  public static final String GIT_DIRTY = "git.dirty";
  /** The device a task ran on ({@link DeviceChoice#kind()} and TF device), set by {@link #withDevice}. */
  public static final String DEVICE = "device";
  public static final String DEVICE_REASON = "device.reason";

  /** Every key, in the order they are written. */
  public static final List<String> KEYS = List.of(
      SCHEMA, CAPTURED_AT,
      JDK_VENDOR, JDK_VERSION, JDK_VM, JDK_HOME,
      OS_NAME, OS_VERSION, OS_ARCH,
      CPU_MODEL, CPU_CORES, MEMORY_TOTAL_BYTES, JVM_MAX_HEAP_BYTES,
      TF_VERSION, TF_NATIVES, TF_DEVICES,
      CUDA_VERSION, CUDNN_VERSION, GPU_DEVICES, GPU_DRIVER,
      GIT_COMMIT, GIT_DIRTY,
      DEVICE, DEVICE_REASON);

  public static final String UNKNOWN = "unknown";
  public static final String NONE = "none";
  public static final String SKIPPED = "skipped";

  /** MLflow tag prefix: {@code jdk.version} becomes the tag {@code l2o.env.jdk.version}. */
  public static final String TAG_PREFIX = "l2o.env.";
  /** MLflow rejects tag values longer than this (5000 in 2.x); longer values are cut with a marker. */
  public static final int TAG_VALUE_MAX_CHARS = 5000;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, String> values;

  private EnvironmentInfo(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Builds an info from key/value pairs; known keys come first in {@link #KEYS} order, extra keys
   * keep their order after them (a newer writer's keys survive a read/write round trip).
   *
   * @throws IllegalArgumentException if a key or value is null or blank
   */
  public static EnvironmentInfo of(Map<String, String> entries) {
    Objects.requireNonNull(entries, "entries");
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : KEYS) {
      if (entries.containsKey(key)) {
        ordered.put(key, checked(key, entries.get(key)));
      }
    }
    entries.forEach((key, value) -> {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("environment key must be non-blank, got '" + key + "'");
      }
      ordered.putIfAbsent(key, checked(key, value));
    });
    return new EnvironmentInfo(ordered);
  }

  private static String checked(String key, String value) {
    if (value == null) {
      throw new IllegalArgumentException("environment value for '" + key + "' is null; use \""
          + UNKNOWN + "\" when it cannot be determined");
    }
    return value;
  }

  /** This info plus the device a task runs on (so provenance and MLflow tags say where a result was computed). */
  public EnvironmentInfo withDevice(DeviceChoice choice) {
    Map<String, String> values = new LinkedHashMap<>(this.values);
    values.put(DEVICE, choice.kind() + " " + choice.tfDevice());
    values.put(DEVICE_REASON, choice.reason());
    return of(values);
  }

  /** The value for a key, or {@link #UNKNOWN} when this info (perhaps read from an old file) lacks it. */
  public String get(String key) {
    return values.getOrDefault(key, UNKNOWN);
  }

  /** All captured values, ordered as written. */
  public Map<String, String> asMap() {
    return values;
  }

  /** The same values as flat MLflow tags ({@code l2o.env.<key>}), each cut to {@link #TAG_VALUE_MAX_CHARS}. */
  /** The tag key of one environment entry, e.g. {@code l2o.env.device}. */
  public static String tagKey(String key) {
    return TAG_PREFIX + key;
  }

  /** {@code value}, or null when it is {@link #UNKNOWN}: for callers that leave unknowns out. */
  public static String known(String value) {
    return UNKNOWN.equals(value) ? null : value;
  }

  public Map<String, String> asTags() {
    Map<String, String> tags = new LinkedHashMap<>();
    values.forEach((key, value) -> tags.put(TAG_PREFIX + key, truncate(value)));
    return Collections.unmodifiableMap(tags);
  }

  private static String truncate(String value) {
    String marker = "...[truncated]";
    return value.length() <= TAG_VALUE_MAX_CHARS
        ? value
        : value.substring(0, TAG_VALUE_MAX_CHARS - marker.length()) + marker;
  }

  /** A pretty-printed JSON object of {@link #asMap()}. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(values);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise environment info " + values, e);
    }
  }

  /** Writes {@link #toJson()} to {@code file}, creating its parent directories. */
  public void writeJson(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, toJson() + System.lineSeparator());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write environment info to " + file
          + "; check the directory exists and is writable", e);
    }
  }

  /**
   * Reads a file written by {@link #writeJson(Path)} (any version).
   *
   * @throws IllegalArgumentException if the file is not a flat JSON object of strings
   */
  public static EnvironmentInfo readJson(Path file) {
    Map<String, String> read;
    try {
      read = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read environment info from " + file
          + ": expected a flat JSON object of strings as written by EnvironmentInfo.writeJson ("
          + e.getMessage() + ")", e);
    }
    if (read == null) {
      throw new IllegalArgumentException("environment info file " + file + " holds JSON null; expected an object");
    }
    return of(read);
  }

  /** One line for logs: JDK, OS/arch, CPU, TF, devices, CUDA, commit. */
  public String summary() {
    return "jdk=" + get(JDK_VENDOR) + " " + get(JDK_VERSION)
        + ", os=" + get(OS_NAME) + " " + get(OS_VERSION) + "/" + get(OS_ARCH)
        + ", cpu=" + get(CPU_MODEL) + " x" + get(CPU_CORES)
        + ", tf=" + get(TF_VERSION) + " [" + get(TF_NATIVES) + "] devices=" + get(TF_DEVICES)
        + ", cuda=" + get(CUDA_VERSION) + ", cudnn=" + get(CUDNN_VERSION)
        + ", git=" + get(GIT_COMMIT) + ("true".equals(get(GIT_DIRTY)) ? "+dirty" : "")
        + (values.containsKey(DEVICE) ? ", device=" + get(DEVICE) : "");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EnvironmentInfo info && values.equals(info.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "EnvironmentInfo" + values;
  }
}
