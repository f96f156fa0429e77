package org.l2o.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.l2o.params.ResolvedParams;
import org.l2o.progress.ProgressText;
import org.l2o.provenance.Folders;
import org.l2o.provenance.ToolVersion;
import org.l2o.stages.StageException;
import org.l2o.protocol.StageProtocol;

/**
 * Executes the planned tasks as a DAG on a bounded pool, with Nextflow's cache and resume
 * semantics: a task runs in {@code work/<key>/}, its output is renamed into place on success and
 * sealed with its digests, and {@code --resume} reuses every sealed task whose key matches.
 *
 * <p>When a task fails, no new task starts; the running ones finish so that their work is kept
 * (Nextflow's {@code errorStrategy 'finish'}). Ctrl-C stops every task and marks them aborted.
 */
public final class PipelineRunner {

  private final RunOptions opts;
  private final TaskLauncher launcher;
  private final RunTracking tracking;
  private final PrintStream out;
  private final String toolVersion;

  public PipelineRunner(RunOptions opts, TaskLauncher launcher, RunTracking tracking, PrintStream out) {
    this(opts, launcher, tracking, out, ToolVersion.current());
  }

  PipelineRunner(RunOptions opts, TaskLauncher launcher, RunTracking tracking, PrintStream out, String toolVersion) {
    this.opts = opts;
    this.launcher = launcher;
    this.tracking = tracking;
    this.out = out;
    this.toolVersion = toolVersion;
  }

  /** The outcome of a run. */
  public record RunResult(TaskStatus status, List<TaskRecord> records, Path trace, String failure) {
    public long count(TaskStatus s) {
      return records.stream().filter(r -> r.status() == s).count();
    }
  }

  /**
   * Runs the pipeline for {@code params}.
   *
   * @throws StageException (exit 2) when the selection needs a cached task that is missing
   */
  public RunResult run(ResolvedParams params) throws IOException, InterruptedException {
    PlannedTasks planned = PipelineDeclaration.plan(params);
    Set<String> forced = forcedStages();
    List<TaskPlan> tasks = selectTasks(planned, forced);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss"));
    Path traceFile = opts.resultsDir().resolve("pipeline_info").resolve("execution_trace_" + stamp + ".txt");
    Files.createDirectories(opts.workDir());
    out.println("l2o " + toolVersion + " · " + tasks.size() + " tasks · work " + opts.workDir()
        + " · results " + opts.resultsDir());
    out.println(tracking.describe());

    Execution ex = new Execution(tasks, forced, new TraceFile(traceFile), stamp);
    Thread hook = new Thread(ex::abort, "l2o-abort");
    Runtime.getRuntime().addShutdownHook(hook);
    RunResult result;
    try {
      result = ex.execute();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it aborts and records the run
      }
    }
    ex.finishOnce(result.status());
    return result;
  }

  /** Stages whose tasks must run even when cached: --only, or --from and its downstream. */
  private Set<String> forcedStages() {
    Set<String> forced = new HashSet<>(opts.only());
    for (String s : opts.only()) {
      PipelineDeclaration.stage(s);
    }
    if (opts.from() != null) {
      PipelineDeclaration.stage(opts.from());
      forced.add(opts.from());
      boolean grew = true;
      while (grew) {
        grew = false;
        for (StageDecl d : PipelineDeclaration.stages()) {
          if (!forced.contains(d.name()) && d.upstream().stream().anyMatch(forced::contains)) {
            forced.add(d.name());
            grew = true;
          }
        }
      }
    }
    return forced;
  }

  /** With --only, tasks of unselected downstream stages are left out; upstream ones stay (cached). */
  private List<TaskPlan> selectTasks(PlannedTasks planned, Set<String> forced) {
    if (opts.only().isEmpty()) {
      return planned.all();
    }
    Set<TaskPlan> needed = new HashSet<>();
    List<TaskPlan> all = planned.all();
    for (int i = all.size() - 1; i >= 0; i--) {
      TaskPlan t = all.get(i);
      if (forced.contains(t.stage()) || needed.contains(t)) {
        needed.add(t);
        t.inputs().values().forEach(needed::addAll);
      }
    }
    return all.stream().filter(needed::contains).toList();
  }

  /** The state of one run. */
  private final class Execution {
    private final List<TaskPlan> tasks;
    private final Set<String> forced;
    private final TraceFile trace;
    private final String stamp;
    private final String session = UUID.randomUUID().toString();
    private final Instant started = Instant.now();
    private boolean finished; // guarded by finishOnce's lock
    private final Map<TaskPlan, CompletableFuture<String>> digests = new HashMap<>();
    private final List<TaskRecord> records = Collections.synchronizedList(new ArrayList<>());
    private final Map<TaskPlan, Instant> runningSince = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<TaskPlan, String> runningKeys = Collections.synchronizedMap(new HashMap<>());
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final Set<TaskPlan> abortRecorded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String failure;
    private RunProgress progress;

    Execution(List<TaskPlan> tasks, Set<String> forced, TraceFile trace, String stamp) {
      this.tasks = tasks;
      this.forced = forced;
      this.trace = trace;
      this.stamp = stamp;
    }

    /**
     * Ends the tracked run and appends the history entry, once, however the run ended.
     * Synchronized so that the abort hook, arriving second, waits for the main thread to finish
     * writing: the JVM exits as soon as its shutdown hooks return.
     */
    synchronized void finishOnce(TaskStatus outcome) {
      if (finished) {
        return;
      }
      finished = true;
      tracking.runFinished(outcome, opts.resultsDir());
      String status = switch (outcome) {
        case COMPLETED, CACHED -> "OK";
        case FAILED -> "ERR";
        case ABORTED -> "KILLED";
      };
      try {
        new RunHistory(opts.outDir()).append(new RunHistory.Entry(
            stamp.replace('_', ' '),
            ProgressText.duration((Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0),
            "run-" + stamp, status, toolVersion, session,
            opts.outDir().relativize(trace.file()).toString(), opts.commandLine()));
      } catch (IOException e) {
        out.println("WARNING: cannot append to the run history: " + e.getMessage());
      }
    }

    RunResult execute() throws InterruptedException {
      // Ready tasks start longest-first (training before evaluation), so that the long training
      // tasks are not queued behind a crowd of short evaluations that became ready with them.
      ThreadPoolExecutor pool = new ThreadPoolExecutor(opts.workers(), opts.workers(), 0L,
          TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "l2o-worker");
            t.setDaemon(true);
            return t;
          });
      progress = new RunProgress(out, tasks.size());
      try {
        for (TaskPlan t : tasks) {
          List<CompletableFuture<String>> deps = new ArrayList<>();
          t.inputs().values().forEach(ups -> ups.forEach(u -> deps.add(digests.get(u))));
          int priority = priorityOf(t);
          long order = digests.size();
          Executor prioritized = r -> pool.execute(new Prioritized(r, priority, order));
          CompletableFuture<String> f =
              CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
                  .thenApplyAsync(v -> runOrReuse(t), prioritized);
          digests.put(t, f);
        }
        try {
          CompletableFuture.allOf(digests.values().toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
          // recorded per task; the summary below reports it
        }
      } finally {
        progress.close();
        pool.shutdownNow();
        try {
          trace.close();
        } catch (IOException e) {
          out.println("WARNING: cannot close the trace " + trace.file() + ": " + e.getMessage());
        }
      }
      TaskStatus status =
          aborted.get() ? TaskStatus.ABORTED : failed.get() ? TaskStatus.FAILED : TaskStatus.COMPLETED;
      RunResult r = new RunResult(status, List.copyOf(records), trace.file(), failure);
      summarize(r);
      return r;
    }

    private void summarize(RunResult r) {
      long cpuMillis = r.records().stream().mapToLong(TaskRecord::cpuMillis).filter(c -> c >= 0).sum();
      out.println(String.format(
          "%s · %d completed, %d cached, %d failed, %d aborted · %s%s · trace %s",
          r.status() == TaskStatus.COMPLETED ? "Done" : r.status() == TaskStatus.FAILED ? "FAILED" : "ABORTED",
          r.count(TaskStatus.COMPLETED), r.count(TaskStatus.CACHED), r.count(TaskStatus.FAILED),
          r.count(TaskStatus.ABORTED), progress.elapsed(),
          cpuMillis > 0 ? " · tasks' CPU " + ProgressText.duration(cpuMillis / 1000.0) : "",
          r.trace()));
      if (r.failure() != null) {
        out.println("Error: " + r.failure());
      }
    }

    /** Returns the task's output digest, running it unless a sealed result can be reused. */
    private String runOrReuse(TaskPlan t) {
      Map<String, List<String>> inputDigests = new LinkedHashMap<>();
      Map<String, List<Path>> inputDirs = new LinkedHashMap<>();
      for (Map.Entry<String, List<TaskPlan>> e : t.inputs().entrySet()) {
        List<String> ds = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (TaskPlan u : e.getValue()) {
          String d = digests.get(u).join();
          ds.add(d);
          dirs.add(new WorkFolder(opts.workDir(), keys.get(u)).out());
        }
        inputDigests.put(e.getKey(), ds);
        inputDirs.put(e.getKey(), dirs);
      }
      String key = TaskKey.of(t, inputDigests, toolVersion);
      keys.put(t, key);
      WorkFolder work = new WorkFolder(opts.workDir(), key);
      boolean mustRun = forced.contains(t.stage()) && !opts.resume() || opts.only().isEmpty() && opts.from() == null && !opts.resume();
      boolean mayRun = forced.contains(t.stage()) || opts.only().isEmpty() && opts.from() == null;
      try {
        if (!mustRun && work.complete()) {
          return reuse(t, key, work);
        }
        if (!mayRun) {
          String why = t.name() + " has no cached result in " + opts.workDir()
              + " (key " + key + "); run the upstream stages first, e.g. without --only/--from";
          failed.set(true);
          failure = why;
          throw new StageException(why, 2, null);
        }
        if (failed.get() || aborted.get()) {
          throw new CompletionException(new IllegalStateException("not started: the run is stopping"));
        }
        return execute(t, key, work, inputDirs);
      } catch (IOException e) {
        failed.set(true);
        failure = t.name() + ": " + e.getMessage();
        throw new CompletionException(e);
      }
    }

    private final Map<TaskPlan, String> keys = Collections.synchronizedMap(new HashMap<>());

    private String reuse(TaskPlan t, String key, WorkFolder work) throws IOException {
      String digest = work.digest().orElseThrow();
      Instant now = Instant.now();
      publish(t, work);
      tracking.taskCached(t, key, work);
      TaskRecord r = new TaskRecord(ids.incrementAndGet(), t, key, TaskStatus.CACHED, 0, 0, -1, now,
          now, now, -1, -1, work.dir(), null);
      record(r);
      progress.taskEnded(t, "[" + shortKey(key) + "] " + t.name() + " · cached");
      return digest;
    }

    private String execute(TaskPlan t, String key, WorkFolder work, Map<String, List<Path>> inputDirs)
        throws IOException {
      Instant submit = Instant.now();
      Files.createDirectories(work.dir());
      work.invalidate();
      t.params().writeYaml(work.paramsFile());
      int attempt = work.nextAttempt();
      Map<String, String> env = new LinkedHashMap<>(tracking.childEnvironment(t, key, work));
      env.put(StageProtocol.PROGRESS_ENV, StageProtocol.PROGRESS_EVENTS);
      env.put(StageProtocol.TASK_NAME_ENV, t.name());
      env.put("TF_CPP_MIN_LOG_LEVEL", "2");
      runningSince.put(t, submit);
      runningKeys.put(t, key);
      progress.taskStarted(t);
      progress.println("[" + shortKey(key) + "] " + t.name() + " · started");
      TaskLauncher.Result res;
      try {
        res = launcher.launch(t, work, inputDirs, env, new TaskLauncher.Listener() {
          @Override
          public void progress(String what, long done, long total, String message) {
            progress.taskProgress(t, done, total, message);
          }

          @Override
          public void line(String line) {
            boolean tfNoise = line.contains("absl::InitializeLog");
            if (opts.verbose() || !tfNoise && (line.startsWith("WARN") || line.contains("WARNING"))) {
              progress.println("  [" + t.name() + "] " + line);
            }
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        res = new TaskLauncher.Result(130, -1, -1, -1, "interrupted");
      }
      Instant end = Instant.now();
      if (aborted.get()) {
        if (abortRecorded.add(t)) {
          record(new TaskRecord(ids.incrementAndGet(), t, key, TaskStatus.ABORTED, res.exitCode(),
              attempt, res.pid(), submit, submit, end, res.peakRssBytes(), res.cpuMillis(),
              work.dir(), "aborted"));
        }
        // Only now: abort() waits for running tasks to leave, then records the rest itself.
        runningSince.remove(t);
        runningKeys.remove(t);
        throw new CompletionException(new IllegalStateException("aborted"));
      }
      runningSince.remove(t);
      runningKeys.remove(t);
      if (res.exitCode() != 0 || !Files.isDirectory(work.out())) {
        failed.set(true);
        String cause = res.exitCode() != 0
            ? "exit " + res.exitCode() + ": " + res.lastError()
            : "the stage exited 0 but wrote no output folder";
        if (failure == null) {
          failure = t.name() + " failed (" + cause + "); log: " + work.log()
              + "; rerun with --resume to redo only the failed work";
        }
        record(new TaskRecord(ids.incrementAndGet(), t, key, TaskStatus.FAILED, res.exitCode(),
            attempt, res.pid(), submit, submit, end, res.peakRssBytes(), res.cpuMillis(),
            work.dir(), cause));
        progress.taskEnded(t, "[" + shortKey(key) + "] " + t.name() + " · FAILED · " + cause);
        throw new CompletionException(new StageException(failure));
      }
      String digest = work.seal();
      publish(t, work);
      record(new TaskRecord(ids.incrementAndGet(), t, key, TaskStatus.COMPLETED, 0, attempt, res.pid(),
          submit, submit, end, res.peakRssBytes(), res.cpuMillis(), work.dir(), null));
      progress.taskEnded(t, "[" + shortKey(key) + "] " + t.name() + " · done in "
          + TraceFile.duration(submit, end));
      return digest;
    }

    /** Copies (hard-links) the output to results/<stage>/<id>/, or results/<stage>/ for a one-task stage. */
    private void publish(TaskPlan t, WorkFolder work) throws IOException {
      Path dst = opts.resultsDir().resolve(t.stage());
      if (!PipelineDeclaration.publishesFlat(t.stage())) {
        dst = dst.resolve(t.folderName());
      }
      Folders.linkOrCopyTree(work.out(), dst);
    }

    private void record(TaskRecord r) {
      records.add(r);
      trace.append(r);
    }

    /**
     * Lets the tasks' own threads record their stopped processes, with the CPU and memory their
     * launcher measured (an interrupted training's cost belongs in the trace too).
     */
    private void awaitRunningRecords(long nanos) {
      long deadline = System.nanoTime() + nanos;
      while (!runningSince.isEmpty() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** Shutdown hook: stop every stage process and record the running tasks as aborted. */
    void abort() {
      if (!aborted.compareAndSet(false, true)) {
        return;
      }
      progress.println("Interrupted: stopping " + runningSince.size() + " running task(s)...");
      launcher.abortAll();
      awaitRunningRecords(TimeUnit.SECONDS.toNanos(3));
      Instant end = Instant.now();
      synchronized (runningSince) {
        for (Map.Entry<TaskPlan, Instant> e : runningSince.entrySet()) {
          if (!abortRecorded.add(e.getKey())) {
            continue;
          }
          String key = runningKeys.get(e.getKey());
          record(new TaskRecord(ids.incrementAndGet(), e.getKey(), key, TaskStatus.ABORTED, 130, 0, -1,
              e.getValue(), e.getValue(), end, -1, -1, new WorkFolder(opts.workDir(), key).dir(), "aborted"));
        }
        runningSince.clear();
      }
      try {
        trace.close();
      } catch (IOException ignored) {
        // the JVM is exiting
      }
      finishOnce(TaskStatus.ABORTED);
    }
  }

  /** Lower runs first: meta-training, then evaluation, then the quick stages. */
  static int priorityOf(TaskPlan t) {
    return switch (t.stage()) {
      case "train-baseline", "train-curriculum", "train-imitation" -> 0;
      case "evaluate" -> 1;
      default -> 2;
    };
  }

  /** A queued task with its priority; ties keep planning order. */
  private record Prioritized(Runnable task, int priority, long order)
      implements Runnable, Comparable<Prioritized> {
    @Override
    public void run() {
      task.run();
    }

    @Override
    public int compareTo(Prioritized o) {
      return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(order, o.order);
    }
  }

  private static String shortKey(String key) {
    return key.substring(0, 2) + "/" + key.substring(2, 8);
  }
}
