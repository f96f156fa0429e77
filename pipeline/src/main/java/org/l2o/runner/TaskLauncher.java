package org.l2o.runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts one task's stage process under the stage contract and waits for it. */
public interface TaskLauncher {

  /**
   * Runs {@code l2o stage <stage> --params <file> --input role=dir... --out <dir>}.
   *
   * @param env extra environment variables (tracking, progress mode)
   * @param listener receives the process id, progress events and printed lines
   * @return the process exit code
   */
  Result launch(
      TaskPlan task,
      WorkFolder work,
      Map<String, List<Path>> inputs,
      Map<String, String> env,
      Listener listener)
      throws InterruptedException;

  /** Stops every running stage process (SIGTERM, then SIGKILL after a grace period). */
  void abortAll();

  /**
   * What a finished process reported.
   *
   * @param peakRssBytes the process's peak resident memory, or -1 when unknown
   * @param cpuMillis the process's CPU time, all threads, or -1 when unknown
   */
  record Result(int exitCode, long pid, long peakRssBytes, long cpuMillis, String lastError) {}

  /** Receives what a running stage process reports. */
  interface Listener {
    default void started(long pid) {}

    default void progress(String what, long done, long total, String message) {}

    default void line(String line) {}
  }
}
