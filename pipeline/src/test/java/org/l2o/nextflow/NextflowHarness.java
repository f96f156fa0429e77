package org.l2o.nextflow;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the real Nextflow (24.10.0, from Maven Central) offline as its own process, for tests.
 *
 * <p>Nextflow never joins our classpath: it brings Groovy and dozens of libraries. Its classpath
 * is resolved once from the standalone POM {@code pipeline/nextflow-runtime/pom.xml} with {@code
 * mvn dependency:build-classpath} and cached in {@code pipeline/target/}. The {@code nextflow}
 * launcher script is not used because it downloads Nextflow on first run; instead this starts
 * {@code java <add-opens> -cp <classpath> nextflow.cli.Launcher <args>} itself, passing the
 * launcher's {@code --add-opens} flags (without them {@code -resume} silently never hits the
 * cache) and {@code NXF_OFFLINE=true}.
 *
 * <p>Each run's stdout and stderr go to files (so a chatty run can never block on a full pipe)
 * and come back in the {@link Result}; a run that outlives its timeout is stopped with its whole
 * process tree.
 */
public final class NextflowHarness {

  public static final String NEXTFLOW_VERSION = "24.10.0";
  public static final Duration TIMEOUT_DEFAULT = Duration.ofMinutes(5);
  /** Resolving the ~40 MB of jars can take a while on a cold ~/.m2. */
  public static final Duration RESOLVE_TIMEOUT_DEFAULT = Duration.ofMinutes(15);
  /** 24.10.0 is verified on 17 and fails on 25; another JDK can be chosen with {@code NXF_JAVA_HOME}. */
  public static final int JAVA_FEATURE_DEFAULT = 17;
  /** After SIGTERM, how long Nextflow gets to stop its tasks before everything is killed. */
  public static final Duration GRACE_DEFAULT = Duration.ofSeconds(10);

  /** The packages Nextflow's own launcher opens to unnamed modules (its {@code nextflow} script). */
  public static final List<String> ADD_OPENS_PACKAGES = List.of(
      "java.lang", "java.io", "java.nio", "java.net", "java.util",
      "java.util.concurrent.locks", "java.util.concurrent.atomic", "java.nio.file.spi",
      "sun.nio.ch", "sun.nio.fs", "sun.net.www.protocol.http", "sun.net.www.protocol.https",
      "sun.net.www.protocol.ftp", "sun.net.www.protocol.file", "jdk.internal.misc", "jdk.internal.vm",
      "java.util.regex");

  static final String RUNTIME_POM = "nextflow-runtime/pom.xml";
  static final String CLASSPATH_CACHE = "target/nextflow-runtime.classpath";
  static final String HARNESS_DIR_DEFAULT = "target/nextflow-harness";

  private static final Object RESOLVE_LOCK = new Object();
  private static final AtomicInteger RUNS = new AtomicInteger();
  // Log files of earlier test JVMs are kept, not overwritten: one stamp per JVM, one number per run.
  private static final String RUN_STAMP = LocalDateTime.now()
      .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

  private final Path javaExecutable;
  private final String classpath;
  private final Path nxfHome;
  private final Path logDir;

  private NextflowHarness(Path java, String classpath, Path nxfHome, Path logDir) {
    this.javaExecutable = java;
    this.classpath = classpath;
    this.nxfHome = nxfHome;
    this.logDir = logDir;
  }

  /** A harness keeping NXF_HOME and run logs under {@code pipeline/target/nextflow-harness/}. */
  public static NextflowHarness create() {
    Path module = pipelineModuleDir();
    return create(module, module.resolve(HARNESS_DIR_DEFAULT));
  }

  /**
   * @param pipelineModuleDir the {@code pipeline} module directory (holds {@value #RUNTIME_POM})
   * @param harnessDir where NXF_HOME ({@code home/}) and run logs ({@code logs/}) go
   */
  public static NextflowHarness create(Path pipelineModuleDir, Path harnessDir) {
    String classpath = resolveClasspath(pipelineModuleDir);
    try {
      Path home = Files.createDirectories(harnessDir.resolve("home"));
      Path logs = Files.createDirectories(harnessDir.resolve("logs"));
      return new NextflowHarness(javaFor(System.getenv("NXF_JAVA_HOME")), classpath, home, logs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Nextflow harness directory " + harnessDir, e);
    }
  }

  /** Surefire runs tests in the module directory and sets {@code basedir}; from the repo root, use pipeline/. */
  static Path pipelineModuleDir() {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    for (Path candidate : List.of(base, base.resolve("pipeline"))) {
      if (Files.isRegularFile(candidate.resolve(RUNTIME_POM))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find " + RUNTIME_POM + " under " + base + " or " + base.resolve("pipeline")
        + "; run the tests from the repository root or the pipeline module");
  }

  // ---------------------------------------------------------------- classpath

  /**
   * Nextflow's classpath, from the cache file when it is newer than the POM and every jar in it
   * still exists, else resolved with Maven (offline first, then online once for a cold ~/.m2).
   */
  static String resolveClasspath(Path pipelineModuleDir) {
    return resolveClasspath(pipelineModuleDir, pipelineModuleDir.resolve(RUNTIME_POM),
        pipelineModuleDir.resolve(CLASSPATH_CACHE), "nextflow-" + NEXTFLOW_VERSION + ".jar");
  }

  /**
   * The classpath of a standalone POM's dependencies, cached in {@code cache} while it is newer
   * than the POM and every jar in it (one of them named {@code requiredJar}) still exists.
   */
  static String resolveClasspath(Path workDir, Path pom, Path cache, String requiredJar) {
    synchronized (RESOLVE_LOCK) {
      Optional<String> cached = readUsableCache(cache, pom, requiredJar);
      if (cached.isPresent()) {
        return cached.get();
      }
      Path fresh = null;
      try {
        Files.createDirectories(cache.getParent());
        fresh = Files.createTempFile(cache.getParent(), "runtime", ".classpath.tmp");
        List<String> offline = mavenCommand(pom, fresh, true);
        ProcessOutcome outcome = runTool(offline, workDir, RESOLVE_TIMEOUT_DEFAULT);
        if (outcome.exitCode() != 0) {
          outcome = runTool(mavenCommand(pom, fresh, false), workDir, RESOLVE_TIMEOUT_DEFAULT);
        }
        if (outcome.exitCode() != 0 || Files.size(fresh) == 0) {
          throw new IllegalStateException("resolving " + requiredJar + " failed (exit " + outcome.exitCode()
              + "): " + String.join(" ", mavenCommand(pom, fresh, false)) + "\n" + tail(outcome.output(), 40)
              + "\nNext step: run that command by hand; it needs Maven Central or a ~/.m2 that holds "
              + requiredJar);
        }
        Files.move(fresh, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return readUsableCache(cache, pom, requiredJar).orElseThrow(() -> new IllegalStateException(
            "Maven wrote " + cache + " but it lists a missing jar or no " + requiredJar + "; delete it and retry"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the classpath cache " + cache, e);
      } finally {
        deleteQuietly(fresh);
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a stray temp file under target/ is harmless
    }
  }

  private static Optional<String> readUsableCache(Path cache, Path pom, String requiredJar) {
    try {
      if (!Files.isRegularFile(cache) || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(pom)) < 0) {
        return Optional.empty();
      }
      String classpath = Files.readString(cache).trim();
      List<String> entries = Arrays.asList(classpath.split(File.pathSeparator));
      boolean complete = !classpath.isEmpty()
          && entries.stream().allMatch(entry -> Files.isRegularFile(Path.of(entry)))
          && entries.stream().anyMatch(entry -> Path.of(entry).getFileName().toString().equals(requiredJar));
      return complete ? Optional.of(classpath) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static List<String> mavenCommand(Path pom, Path output, boolean offline) {
    List<String> command = new ArrayList<>(List.of(mavenExecutable(), "-q", "-B"));
    if (offline) {
      command.add("-o");
    }
    command.addAll(List.of("-f", pom.toString(), "dependency:build-classpath", "-Dmdep.outputFile=" + output));
    return command;
  }

  private static String mavenExecutable() {
    String home = System.getenv("MAVEN_HOME");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return "mvn";
  }

  // ---------------------------------------------------------------- java

  /**
   * The java to run Nextflow with: {@code NXF_JAVA_HOME} (as Nextflow's own launcher honours it)
   * or else this JVM when it is Java {@value #JAVA_FEATURE_DEFAULT}.
   */
  static Path javaFor(String nxfJavaHome) {
    if (nxfJavaHome != null && !nxfJavaHome.isBlank()) {
      Path java = Path.of(nxfJavaHome, "bin", "java");
      if (!Files.isExecutable(java)) {
        throw new IllegalStateException("NXF_JAVA_HOME=" + nxfJavaHome + " has no executable bin/java; point it at a"
            + " Java " + JAVA_FEATURE_DEFAULT + " installation");
      }
      return java;
    }
    int feature = Runtime.version().feature();
    if (feature != JAVA_FEATURE_DEFAULT) {
      throw new IllegalStateException("Nextflow " + NEXTFLOW_VERSION + " is run here with Java " + JAVA_FEATURE_DEFAULT
          + " (it fails on Java 25), but this JVM is Java " + feature + " at " + System.getProperty("java.home")
          + "; set NXF_JAVA_HOME to a Java " + JAVA_FEATURE_DEFAULT + " home");
    }
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  // ---------------------------------------------------------------- running

  /** The outcome of one Nextflow invocation. */
  public record Result(List<String> command, Path workDir, int exitCode, String stdout, String stderr,
                       boolean timedOut, Duration elapsed) {

    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** Everything needed to understand a failed run, for assertion messages. */
    public String describe() {
      return "nextflow " + String.join(" ", command.subList(command.indexOf("nextflow.cli.Launcher") + 1, command.size()))
          + " in " + workDir + (timedOut ? " TIMED OUT" : " exited " + exitCode) + " after " + elapsed.toMillis() + " ms"
          + "\n--- stdout ---\n" + tail(stdout, 60) + "\n--- stderr ---\n" + tail(stderr, 60);
    }
  }

  /** {@code nextflow <args>} in {@code workDir} with the default timeout and no extra environment. */
  public Result run(Path workDir, String... args) {
    return run(workDir, Map.of(), TIMEOUT_DEFAULT, List.of(args));
  }

  /**
   * Runs {@code nextflow <args>} in {@code workDir}.
   *
   * @param extraEnv added to (and overriding) this JVM's environment and the harness's NXF_* settings
   * @param timeout after which the run and its whole process tree are stopped; {@link Result#timedOut()} is then true
   */
  public Result run(Path workDir, Map<String, String> extraEnv, Duration timeout, List<String> args) {
    Objects.requireNonNull(workDir, "workDir");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    List<String> command = command(args);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("NXF_OFFLINE", "true");
    env.put("NXF_HOME", nxfHome.toString());
    env.put("NXF_ANSI_LOG", "false");
    env.put("NXF_DISABLE_CHECK_LATEST", "true");
    env.putAll(extraEnv);
    return execute(command, workDir, env, timeout, logDir, "nextflow-" + RUN_STAMP + "-" + RUNS.incrementAndGet());
  }

  List<String> command(List<String> args) {
    return launcherCommand(javaExecutable, classpath, args);
  }

  /** {@code java <add-opens> -cp <classpath> nextflow.cli.Launcher <args>}, as Nextflow's own launcher script builds it. */
  static List<String> launcherCommand(Path java, String classpath, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    ADD_OPENS_PACKAGES.forEach(pkg -> command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED"));
    command.addAll(List.of("-Dfile.encoding=UTF-8", "-Djava.awt.headless=true", "-cp", classpath, "nextflow.cli.Launcher"));
    command.addAll(args);
    return command;
  }

  /** Where each run's stdout/stderr files are kept (named {@code nextflow-<time>-<n>.stdout}). */
  public Path logDir() {
    return logDir;
  }

  public Path nxfHome() {
    return nxfHome;
  }

  static Result execute(List<String> command, Path workDir, Map<String, String> env, Duration timeout, Path logDir,
                        String name) {
    long start = System.nanoTime();
    try {
      Files.createDirectories(workDir);
      Path stdout = logDir.resolve(name + ".stdout");
      Path stderr = logDir.resolve(name + ".stderr");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        killTree(process);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new Result(List.copyOf(command), workDir, finished ? process.exitValue() : -1,
          Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8),
          !finished, elapsed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + " in " + workDir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Nextflow in " + workDir, e);
    }
  }

  /**
   * SIGTERM first so Nextflow can stop its tasks and write its history, then SIGKILL for anything
   * left. Descendants are listed before the parent dies: afterwards they are re-parented and lost.
   */
  static void killTree(Process process) throws InterruptedException {
    List<ProcessHandle> tree = process.descendants().collect(Collectors.toCollection(ArrayList::new));
    process.destroy();
    if (!process.waitFor(GRACE_DEFAULT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(tree::add);
      process.destroyForcibly();
      process.waitFor(GRACE_DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
    }
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private record ProcessOutcome(int exitCode, String output) { }

  private static ProcessOutcome runTool(List<String> command, Path dir, Duration timeout) throws IOException {
    Path log = Files.createTempFile("l2o-nextflow-resolve", ".log");
    try {
      Result result = execute(command, dir, Map.of(), timeout, log.getParent(), log.getFileName().toString());
      return new ProcessOutcome(result.timedOut() ? -1 : result.exitCode(), result.stdout() + result.stderr());
    } finally {
      Files.deleteIfExists(log.resolveSibling(log.getFileName() + ".stdout"));
      Files.deleteIfExists(log.resolveSibling(log.getFileName() + ".stderr"));
      Files.deleteIfExists(log);
    }
  }

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  // ---------------------------------------------------------------- SLURM stand-in

  /**
   * Writes stand-in {@code sbatch}, {@code squeue} and {@code scancel} scripts into {@code dir}/bin
   * so that Nextflow's slurm executor runs end to end on one machine. Put {@link
   * SlurmStandIn#env()} into the run's environment.
   */
  public static SlurmStandIn installSlurmStandIn(Path dir) {
    return SlurmStandIn.install(dir);
  }

  /**
   * A fake SLURM: {@code sbatch <script>} records the script, starts it in the background in its
   * own session (output to the job's directory), sends it SIGTERM when its {@code #SBATCH -t} time
   * limit runs out (state TO afterwards, as SLURM's TIMEOUT), and prints {@code Submitted batch job <id>};
   * {@code squeue} prints {@code <id> <state>} lines (R while running, CD/F once exited, CA when
   * cancelled), the {@code -o '%i %t'} format Nextflow's SlurmExecutor parses; {@code scancel <id>}
   * kills the job's process group. Job ids start at 1001 and each job has a directory {@code
   * state/jobs/<id>/} with {@code script.sh}, {@code cwd}, {@code pid}, {@code output.log} and
   * {@code exit}.
   */
  public static final class SlurmStandIn {

    private final Path binDir;
    private final Path stateDir;

    private SlurmStandIn(Path binDir, Path stateDir) {
      this.binDir = binDir;
      this.stateDir = stateDir;
    }

    static SlurmStandIn install(Path dir) {
      try {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path state = Files.createDirectories(dir.resolve("state/jobs"));
        String stateLiteral = shellQuote(state.getParent().toAbsolutePath().toString());
        writeScript(bin.resolve("sbatch"), SBATCH.replace("@STATE@", stateLiteral));
        writeScript(bin.resolve("squeue"), SQUEUE.replace("@STATE@", stateLiteral));
        writeScript(bin.resolve("scancel"), SCANCEL.replace("@STATE@", stateLiteral));
        return new SlurmStandIn(bin, state.getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot install the SLURM stand-in under " + dir, e);
      }
    }

    private static void writeScript(Path file, String text) throws IOException {
      Files.writeString(file, text);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path binDir() {
      return binDir;
    }

    public Path stateDir() {
      return stateDir;
    }

    /** {@code PATH} with the stand-in first, for {@link NextflowHarness#run(Path, Map, Duration, List)}. */
    public Map<String, String> env() {
      return Map.of("PATH", binDir + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    }

    /** A job sbatch accepted. */
    public record Job(String id, Path script, Path submitDir, Path output) {

      public String scriptText() {
        try {
          return Files.readString(script);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the submitted script " + script, e);
        }
      }
    }

    /** Every job submitted so far, in submission order. */
    public List<Job> jobs() {
      try (Stream<Path> dirs = Files.list(stateDir.resolve("jobs"))) {
        return dirs.filter(dir -> Files.isRegularFile(dir.resolve("script.sh")))
            .sorted(Comparator.comparingLong(dir -> Long.parseLong(dir.getFileName().toString())))
            .map(dir -> new Job(dir.getFileName().toString(), dir.resolve("script.sh"), Path.of(readQuietly(dir.resolve("cwd"))),
                dir.resolve("output.log")))
            .toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the SLURM stand-in's jobs under " + stateDir, e);
      }
    }

    /** Kills every job still running (its whole process group); call it when a test ends. */
    public void cancelAll() {
      for (Job job : jobs()) {
        String pid = readQuietly(job.script().resolveSibling("pid"));
        if (!pid.isEmpty()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(handle -> {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
          });
        }
      }
    }

    private static String readQuietly(Path file) {
      try {
        return Files.isRegularFile(file) ? Files.readString(file).trim() : "";
      } catch (IOException e) {
        return "";
      }
    }

    private static String shellQuote(String value) {
      return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
      return "SlurmStandIn[bin=" + binDir + ", state=" + stateDir + "]";
    }

    private static final String SBATCH = """
        #!/usr/bin/env bash
        # Stand-in for SLURM's sbatch (l2o test harness): runs the job script locally, in the background.
        set -euo pipefail
        state=@STATE@
        script="${1:?usage: sbatch <script>}"
        # mkdir is atomic, so concurrent submissions still get distinct ids.
        id=$(cat "$state/last-id" 2>/dev/null || echo 1000)
        id=$((id + 1))
        while ! mkdir "$state/jobs/$id" 2>/dev/null; do id=$((id + 1)); done
        echo "$id" > "$state/last-id"
        job="$state/jobs/$id"
        cp "$script" "$job/script.sh"
        pwd > "$job/cwd"
        # The job's time limit (#SBATCH -t [D-]HH:MM:SS), enforced as SLURM does: SIGTERM to the job
        # when it runs out, and the job ends in state TO (timeout).
        limit=$(sed -n 's/^#SBATCH -t \\(.*\\)$/\\1/p' "$script" | head -n 1)
        secs=""
        if [ -n "$limit" ]; then
          days=0; hms="$limit"
          case "$limit" in *-*) days=${limit%%-*}; hms=${limit#*-};; esac
          IFS=: read -r h m s <<< "$hms"
          secs=$(( days * 86400 + 10#${h:-0} * 3600 + 10#${m:-0} * 60 + 10#${s:-0} ))
        fi
        # Own session (so scancel can kill the group) and no inherited fds (so Nextflow isn't left
        # waiting for sbatch's stdout to close). SLURM runs the script in the submit directory.
        detach=$(command -v setsid || echo exec)
        "$detach" bash -c '
          bash "$1" > "$2/output.log" 2>&1 &
          run=$!
          dog=""
          if [ -n "$3" ]; then
            ( sleep "$3"; if kill -0 "$run" 2>/dev/null; then touch "$2/timeout"; kill -TERM "$run"; fi ) &
            dog=$!
          fi
          wait "$run"; echo $? > "$2/exit"
          [ -z "$dog" ] || kill "$dog" 2>/dev/null || true' job "$job/script.sh" "$job" "$secs" \\
          < /dev/null > /dev/null 2>&1 &
        echo $! > "$job/pid"
        echo "Submitted batch job $id"
        """;

    private static final String SQUEUE = """
        #!/usr/bin/env bash
        # Stand-in for SLURM's squeue (l2o test harness): prints "<id> <state>" per job, whatever the options.
        state=@STATE@
        for job in "$state"/jobs/*/; do
          [ -f "$job/pid" ] || continue
          id=$(basename "$job")
          if [ -f "$job/cancelled" ]; then st=CA
          elif [ -f "$job/timeout" ] && [ -f "$job/exit" ]; then st=TO
          elif [ -f "$job/exit" ]; then
            if [ "$(cat "$job/exit")" = 0 ]; then st=CD; else st=F; fi
          elif kill -0 "$(cat "$job/pid")" 2>/dev/null; then st=R
          else st=F
          fi
          echo "$id $st"
        done
        """;

    private static final String SCANCEL = """
        #!/usr/bin/env bash
        # Stand-in for SLURM's scancel (l2o test harness): kills each job's process group.
        state=@STATE@
        for id in "$@"; do
          job="$state/jobs/$id"
          [ -f "$job/pid" ] || { echo "scancel: error: Invalid job id specified: $id" >&2; continue; }
          touch "$job/cancelled"
          pid=$(cat "$job/pid")
          kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        done
        """;
  }

  @Override
  public String toString() {
    return "NextflowHarness[version=" + NEXTFLOW_VERSION + ", java=" + javaExecutable + ", nxfHome=" + nxfHome + ", logDir=" + logDir
        + ", timeoutDefault=" + TIMEOUT_DEFAULT + "]";
  }
}
