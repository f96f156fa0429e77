package org.l2o.env;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** JDK, OS, CPU model/cores and memory of this machine; every fact has a fallback, none can throw. */
final class HostProbe {

  static final Path CPUINFO_DEFAULT = Path.of("/proc/cpuinfo");

  private final Path cpuinfo;

  HostProbe() {
    this(CPUINFO_DEFAULT);
  }

  HostProbe(Path cpuinfo) {
    this.cpuinfo = cpuinfo;
  }

  Map<String, String> probe() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(EnvironmentInfo.JDK_VENDOR, property("java.vendor"));
    facts.put(EnvironmentInfo.JDK_VERSION, property("java.runtime.version"));
    facts.put(EnvironmentInfo.JDK_VM, property("java.vm.name"));
    facts.put(EnvironmentInfo.JDK_HOME, property("java.home"));
    facts.put(EnvironmentInfo.OS_NAME, property("os.name"));
    facts.put(EnvironmentInfo.OS_VERSION, property("os.version"));
    facts.put(EnvironmentInfo.OS_ARCH, property("os.arch"));
    facts.put(EnvironmentInfo.CPU_MODEL, cpuModel().orElse(EnvironmentInfo.UNKNOWN));
    facts.put(EnvironmentInfo.CPU_CORES, Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put(EnvironmentInfo.MEMORY_TOTAL_BYTES, totalMemoryBytes().orElse(EnvironmentInfo.UNKNOWN));
    facts.put(EnvironmentInfo.JVM_MAX_HEAP_BYTES, Long.toString(Runtime.getRuntime().maxMemory()));
    return facts;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? EnvironmentInfo.UNKNOWN : value;
  }

  /** The first "model name" of /proc/cpuinfo (x86); ARM kernels may only offer "Hardware"/"CPU part". */
  Optional<String> cpuModel() {
    if (!Files.isReadable(cpuinfo)) {
      return Optional.empty();
    }
    try {
      return parseCpuModel(Files.readString(cpuinfo));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<String> parseCpuModel(String cpuinfoText) {
    for (String wanted : new String[] {"model name", "Hardware", "Processor", "cpu model"}) {
      for (String line : cpuinfoText.split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equals(wanted)) {
          String value = line.substring(colon + 1).trim().replaceAll("\\s+", " ");
          if (!value.isEmpty()) {
            return Optional.of(value);
          }
        }
      }
    }
    return Optional.empty();
  }

  // The JDK's own bean is container-aware since 14, so it reports the cgroup limit a job really has.
  private static Optional<String> totalMemoryBytes() {
    try {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        long bytes = os.getTotalMemorySize();
        return bytes > 0 ? Optional.of(Long.toString(bytes)) : Optional.empty();
      }
    } catch (RuntimeException | LinkageError e) {
      // a JDK without the com.sun.management extension: leave it unknown
    }
    return Optional.empty();
  }
}
