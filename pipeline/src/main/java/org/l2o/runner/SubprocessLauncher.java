package org.l2o.runner;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.l2o.engine.graph.Sessions;
import org.l2o.protocol.StageProtocol;

/**
 * Runs each task as its own JVM ({@code l2o stage ...}), exactly as a Nextflow process does.
 *
 * <p>A process per task isolates TF's native memory and crashes, lets a Ctrl-C stop a task without
 * corrupting another, and keeps the Java runner and Nextflow on one code path.
 */
public final class SubprocessLauncher implements TaskLauncher {

  /** Progress-event lines start with this (see org.l2o.progress.Progress). */
  static final String EVENT_PREFIX = StageProtocol.PROGRESS_LINE_PREFIX;

  private static final String MAIN_CLASS = "org.l2o.cli.L2o";

  private final List<String> javaCommand;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

  /** Launches with the JVM, classpath and JVM options of the current process. */
  public SubprocessLauncher() {
    this(defaultJavaCommand());
  }

  public SubprocessLauncher(List<String> javaCommand) {
    this.javaCommand = List.copyOf(javaCommand);
  }

  static List<String> defaultJavaCommand() {
    String java =
        ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    String opts = System.getenv("L2O_TASK_JAVA_OPTS");
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MAIN_CLASS);
    return cmd;
  }

  @Override
  public Result launch(
      TaskPlan task,
      WorkFolder work,
      Map<String, List<Path>> inputs,
      Map<String, String> env,
      Listener listener)
      throws InterruptedException {
    List<String> cmd = new ArrayList<>(javaCommand);
    cmd.addAll(List.of("stage", task.stage(), "--params", work.paramsFile().toString()));
    inputs.forEach((role, dirs) -> dirs.forEach(d -> cmd.addAll(List.of("--input", role + "=" + d))));
    cmd.addAll(List.of("--out", work.out().toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.dir().toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    // A task's `threads` param holds only with per-session pools (see Sessions.PER_SESSION_POOLS_ENV).
    pb.environment().putIfAbsent(Sessions.PER_SESSION_POOLS_ENV, "1");
    Process proc;
    try {
      Files.writeString(work.dir().resolve(".command.sh"), String.join(" ", quoted(cmd)) + "\n");
      proc = pb.start();
    } catch (IOException e) {
      return new Result(127, -1, -1, -1, "cannot start the stage process: " + e.getMessage());
    }
    running.add(proc);
    listener.started(proc.pid());
    ProcessSampler sampler = new ProcessSampler(proc.toHandle());
    sampler.start();
    String lastError = "";
    try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter log = Files.newBufferedWriter(work.log())) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(EVENT_PREFIX)) {
          String[] f = line.substring(EVENT_PREFIX.length()).split("\t", 4);
          if (f.length >= 3) {
            try {
              listener.progress(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f.length > 3 ? f[3] : "");
            } catch (NumberFormatException ignored) {
              // a garbled event is only a missed progress update
            }
          }
          continue;
        }
        log.write(line);
        log.newLine();
        log.flush();
        if (!line.isBlank()) {
          lastError = line;
        }
        listener.line(line);
      }
    } catch (IOException e) {
      lastError = "lost the stage process's output: " + e.getMessage();
    }
    int exit = proc.waitFor();
    running.remove(proc);
    sampler.interrupt();
    return new Result(exit, proc.pid(), sampler.peakRss(), sampler.cpuMillis(), lastError);
  }

  @Override
  public void abortAll() {
    for (Process p : running) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (Process p : running) {
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static List<String> quoted(List<String> cmd) {
    return cmd.stream().map(a -> a.matches("[A-Za-z0-9_./:=,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'").toList();
  }

  /**
   * Samples the process's peak RSS (VmHWM) and CPU time while it runs. Both can only be read
   * while the process exists, so the last sample, at most one period before it exits, stands.
   */
  private static final class ProcessSampler extends Thread {
    private static final long PERIOD_MS = 500;
    private final ProcessHandle process;
    private final Path status;
    private volatile long peakRss = -1;
    private volatile long cpuMillis = -1;

    ProcessSampler(ProcessHandle process) {
      super("l2o-sampler-" + process.pid());
      setDaemon(true);
      this.process = process;
      this.status = Path.of("/proc", Long.toString(process.pid()), "status");
    }

    @Override
    public void run() {
      while (!isInterrupted() && process.isAlive()) {
        process.info().totalCpuDuration().ifPresent(d -> cpuMillis = Math.max(cpuMillis, d.toMillis()));
        try {
          for (String l : Files.readAllLines(status)) {
            if (l.startsWith("VmHWM:")) {
              long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
              peakRss = Math.max(peakRss, kb * 1024);
            }
          }
        } catch (IOException | NumberFormatException e) {
          // no /proc (not Linux) or the process just ended: the CPU samples still count
        }
        try {
          Thread.sleep(PERIOD_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long peakRss() {
      return peakRss;
    }

    long cpuMillis() {
      return cpuMillis;
    }
  }
}
