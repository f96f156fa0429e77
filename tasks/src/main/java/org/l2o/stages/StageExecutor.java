package org.l2o.stages;

import java.io.PrintWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import org.l2o.params.ParamException;
import org.l2o.params.ResolvedParams;
import org.l2o.provenance.ToolVersion;
import org.l2o.tracking.RunStatus;
import org.l2o.tracking.Tracker;
import org.l2o.protocol.StageProtocol;

/**
 * Runs one stage under the stage contract: the stage writes into a temporary sibling of
 * {@code out}, which is renamed to {@code out} only when the stage returned normally. A failed or
 * killed task therefore never leaves an {@code out} that looks complete.
 */
public final class StageExecutor {

  /** Written into every task's output: what produced it. */
  public static final String PROVENANCE_FILE = StageProtocol.PROVENANCE_FILE;

  /**
   * The provenance key of the task process's CPU time in seconds, all threads: the report's CPU
   * column. A run's cost on a shared or paused machine is its CPU time, not its wall time.
   */
  public static final String CPU_SECONDS = "cpu_seconds";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StageExecutor() {}

  /**
   * Runs {@code stage}, ends the tracked run with the matching status, and returns {@code out}.
   *
   * @throws StageException with a one-line cause when the stage fails
   */
  public static Path execute(
      Stage stage,
      String taskName,
      ResolvedParams params,
      Map<String, List<Path>> inputs,
      Path out,
      Tracker tracker,
      Map<String, String> environment,
      PrintWriter log) {
    for (Map.Entry<String, List<Path>> e : inputs.entrySet()) {
      if (!stage.inputRoles().contains(e.getKey())) {
        throw new StageException(
            stage.name() + ": unknown input role '" + e.getKey() + "'; it reads "
                + stage.inputRoles(), 2, null);
      }
      for (Path p : e.getValue()) {
        if (!Files.isDirectory(p)) {
          throw new StageException(
              stage.name() + ": input " + e.getKey() + "=" + p + " is not a folder", 2, null);
        }
      }
    }
    Path abs = out.toAbsolutePath().normalize();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    Instant start = Instant.now();
    Thread killHook = new Thread(() -> tracker.end(RunStatus.KILLED), "l2o-stage-killed");
    Runtime.getRuntime().addShutdownHook(killHook);
    try {
      Files.createDirectories(tmp);
      tracker.logParams(params.asStrings());
      stage.run(new StageContext(taskName, params, inputs, tmp, tracker, abs, log));
      writeProvenance(tmp, stage, params, inputs, start, environment);
      tracker.logArtifact(tmp.resolve(PROVENANCE_FILE), "");
      publish(tmp, abs);
      tracker.end(RunStatus.FINISHED);
      return abs;
    } catch (StageException e) {
      tracker.end(RunStatus.FAILED);
      throw e;
    } catch (ParamException e) {
      // A param a stage rejects while it runs is bad input (exit 2, as StageProtocol says), not
      // a failed computation.
      tracker.end(RunStatus.FAILED);
      throw new StageException(prefixed(stage, e.getMessage()), 2, e);
    } catch (Exception | Error e) {
      tracker.end(RunStatus.FAILED);
      throw new StageException(prefixed(stage, e.getMessage() == null
          ? e.getClass().getSimpleName() : e.getMessage()), 1, e);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook runs and marks the run KILLED
      }
    }
  }

  /** The message with the stage's name in front, once: stages often name themselves already. */
  private static String prefixed(Stage stage, String message) {
    String prefix = stage.name() + ": ";
    return message.startsWith(prefix) ? message : prefix + message;
  }

  private static void publish(Path tmp, Path out) throws IOException {
    if (Files.exists(out)) {
      org.l2o.provenance.Folders.deleteTree(out);
    }
    try {
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, out);
    }
  }

  /** This process's CPU time, when the JVM can tell (HotSpot on Linux, macOS, Windows can). */
  static OptionalDouble processCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long ns = os.getProcessCpuTime();
      if (ns >= 0) {
        return OptionalDouble.of(ns / 1e9);
      }
    }
    return OptionalDouble.empty();
  }

  private static void writeProvenance(
      Path dir, Stage stage, ResolvedParams params, Map<String, List<Path>> inputs, Instant start,
      Map<String, String> environment)
      throws IOException {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("stage", stage.name());
    p.put("tool_version", ToolVersion.current());
    p.put("params", params.asMap());
    Map<String, Object> in = new LinkedHashMap<>();
    inputs.forEach((role, paths) -> in.put(role, paths.stream().map(Path::toString).toList()));
    p.put("inputs", in);
    p.put("started", start.toString());
    p.put("finished", Instant.now().toString());
    processCpuSeconds().ifPresent(cpu -> p.put(CPU_SECONDS, cpu));
    p.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    p.put("environment", environment == null ? Map.of() : environment);
    JSON.writeValue(dir.resolve(PROVENANCE_FILE).toFile(), p);
  }
}
