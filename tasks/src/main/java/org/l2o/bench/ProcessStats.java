package org.l2o.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the process costs, read from Linux's {@code /proc}: CPU time summed over all threads (TF's
 * pools included, in nanoseconds from {@code schedstat}, where the JVM's own counter ticks in
 * 10 ms steps), peak resident memory, and the machine's load.
 *
 * <p>CPU time is the benchmark's second clock: on a shared machine, wall time includes the time
 * other processes hold the cores, CPU time does not. Off Linux every reading is empty.
 */
public final class ProcessStats {

  private static final Path SELF = Path.of("/proc/self");

  private ProcessStats() {}

  /** CPU time of all threads of this process so far, in ns, or -1 if unreadable. */
  public static long cpuNanos() {
    long total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(SELF.resolve("task"))) {
      for (Path task : tasks) {
        try {
          String s = Files.readString(task.resolve("schedstat"));
          total += Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
          // The thread ended between listing and reading: its time is lost, a few us at most.
        }
      }
      return total;
    } catch (IOException | RuntimeException e) {
      var os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getProcessCpuTime();
      }
      return -1;
    }
  }

  /**
   * Resets the kernel's peak-RSS mark ({@code VmHWM}) to the current RSS, so that the next
   * {@link #peakRssBytes} reports the peak of what runs in between; false if not permitted.
   */
  public static boolean resetPeakRss() {
    try {
      Files.writeString(SELF.resolve("clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The process's peak resident set since start or the last reset, in bytes. */
  public static Optional<Long> peakRssBytes() {
    return statusKb("VmHWM:").map(kb -> kb * 1024);
  }

  /** The 1-minute load average (runnable processes), or NaN. */
  public static double loadAverage() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg"));
      return Double.parseDouble(s.substring(0, s.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
  }

  private static Optional<Long> statusKb(String key) {
    try {
      for (String line : Files.readAllLines(SELF.resolve("status"))) {
        if (line.startsWith(key)) {
          return Optional.of(Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no reading.
    }
    return Optional.empty();
  }
}
