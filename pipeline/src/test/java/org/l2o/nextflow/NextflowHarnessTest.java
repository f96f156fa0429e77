package org.l2o.nextflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Nextflow 24.10.0, offline, on a one-process DSL2 workflow. Tests that start Nextflow are
 * tagged slow (each run costs 3-14 s of start-up); the SLURM stand-in and the harness checks are not.
 */
class NextflowHarnessTest {

  private static final String MAIN_NF = """
      process HELLO {
        label 'process_gpu'
        input:
          val name
        output:
          path 'hello.txt'
        script:
          \"""
          echo "hello ${name}" > hello.txt
          \"""
      }

      workflow {
        HELLO(Channel.of(params.name))
      }
      """;

  // One process block per profile (see FACTS: a separate process.executor line would be lost).
  private static final String NEXTFLOW_CONFIG = """
      params.name = 'world'

      profiles {
        slurm {
          process {
            executor = 'slurm'
            withLabel: process_gpu {
              clusterOptions = '--gres=gpu:1'
            }
          }
          executor {
            pollInterval = '250 ms'
            queueStatInterval = '1 sec'
          }
        }
      }
      """;

  private static NextflowHarness harness;

  @TempDir
  Path dir;

  /** Resolved on first use, so the fast tests never pay for Maven. */
  private static synchronized NextflowHarness nextflow() {
    if (harness == null) {
      harness = NextflowHarness.create();
    }
    return harness;
  }

  private Path project() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("main.nf"), MAIN_NF);
    Files.writeString(project.resolve("nextflow.config"), NEXTFLOW_CONFIG);
    return project;
  }

  /** Rows of a Nextflow trace TSV as column-name maps. */
  private static List<Map<String, String>> trace(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    List<String> header = Arrays.asList(lines.get(0).split("\t"));
    return lines.subList(1, lines.size()).stream().map(line -> {
      String[] cells = line.split("\t", -1);
      Map<String, String> row = new java.util.LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.length ? cells[i] : "");
      }
      return row;
    }).toList();
  }

  private static Path taskOutput(Path project, Map<String, String> traceRow) throws Exception {
    String hash = traceRow.get("hash"); // "ab/cdef12": work/ab/cdef12...
    String[] parts = hash.split("/");
    try (var dirs = Files.list(project.resolve("work").resolve(parts[0]))) {
      Path taskDir = dirs.filter(d -> d.getFileName().toString().startsWith(parts[1])).findFirst().orElseThrow();
      return taskDir.resolve("hello.txt");
    }
  }

  @Tag("slow")
  @Test
  void helloWorldRunsOfflineThenResumeReusesTheCachedTask() throws Exception {
    Path project = project();

    NextflowHarness.Result first = nextflow().run(project, "run", "main.nf", "-with-trace", "trace-1.tsv");
    NextflowHarness.Result second = nextflow().run(project, "run", "main.nf", "-resume", "-with-trace", "trace-2.tsv");
    NextflowHarness.Result log = nextflow().run(project, "log", "last", "-f", "name,hash,status,exit");

    System.out.printf("nextflow run: %d ms, -resume: %d ms, log: %d ms%n",
        first.elapsed().toMillis(), second.elapsed().toMillis(), log.elapsed().toMillis());
    assertThat(first.succeeded()).as(first.describe()).isTrue();
    assertThat(first.stdout()).contains("N E X T F L O W").contains("version " + NextflowHarness.NEXTFLOW_VERSION);
    Map<String, String> ran = trace(project.resolve("trace-1.tsv")).get(0);
    assertThat(ran).containsEntry("name", "HELLO (1)").containsEntry("status", "COMPLETED").containsEntry("exit", "0");
    assertThat(Files.readString(taskOutput(project, ran))).isEqualTo("hello world\n");

    assertThat(second.succeeded()).as(second.describe()).isTrue();
    Map<String, String> resumed = trace(project.resolve("trace-2.tsv")).get(0);
    assertThat(resumed).containsEntry("status", "CACHED").containsEntry("hash", ran.get("hash"));

    assertThat(log.succeeded()).as(log.describe()).isTrue();
    assertThat(log.stdout().trim()).isEqualTo("HELLO (1)\t" + ran.get("hash") + "\tCACHED\t0");
  }

  @Tag("slow")
  @Test
  void aChangedParamMissesTheCache() throws Exception {
    Path project = project();

    NextflowHarness.Result first = nextflow().run(project, "run", "main.nf", "-with-trace", "trace-1.tsv");
    NextflowHarness.Result second = nextflow().run(project, "run", "main.nf", "-resume", "--name", "mars",
        "-with-trace", "trace-2.tsv");

    assertThat(first.succeeded()).as(first.describe()).isTrue();
    assertThat(second.succeeded()).as(second.describe()).isTrue();
    Map<String, String> rerun = trace(project.resolve("trace-2.tsv")).get(0);
    assertThat(rerun.get("status")).isEqualTo("COMPLETED");
    assertThat(rerun.get("hash")).isNotEqualTo(trace(project.resolve("trace-1.tsv")).get(0).get("hash"));
    assertThat(Files.readString(taskOutput(project, rerun))).isEqualTo("hello mars\n");
  }

  @Tag("slow")
  @Test
  void slurmProfileSubmitsThroughTheStandInWithClusterOptions() throws Exception {
    Path project = project();
    NextflowHarness.SlurmStandIn slurm = NextflowHarness.installSlurmStandIn(dir.resolve("slurm"));
    try {
      NextflowHarness.Result result = nextflow().run(project, slurm.env(), Duration.ofMinutes(3),
          List.of("run", "main.nf", "-profile", "slurm", "-with-trace", "trace.tsv"));

      System.out.printf("nextflow run -profile slurm: %d ms%n", result.elapsed().toMillis());
      assertThat(result.succeeded()).as(result.describe()).isTrue();
      assertThat(slurm.jobs()).hasSize(1);
      NextflowHarness.SlurmStandIn.Job job = slurm.jobs().get(0);
      assertThat(job.scriptText()).contains("#SBATCH --gres=gpu:1").contains("#SBATCH -J nf-HELLO");
      Map<String, String> row = trace(project.resolve("trace.tsv")).get(0);
      // native_id is the id the stand-in sbatch printed: the task really went through the slurm executor.
      assertThat(row).containsEntry("status", "COMPLETED").containsEntry("native_id", job.id());
      assertThat(job.submitDir()).isEqualTo(taskOutput(project, row).getParent().toRealPath());
      assertThat(Files.readString(taskOutput(project, row))).isEqualTo("hello world\n");
    } finally {
      slurm.cancelAll();
    }
  }

  @Tag("slow")
  @Test
  void aRunPastItsTimeoutIsStoppedWithItsTasks() throws Exception {
    Path project = Files.createDirectories(dir.resolve("slow"));
    Files.writeString(project.resolve("main.nf"), """
        process SLEEP {
          script:
            "sleep 600"
        }
        workflow {
          SLEEP()
        }
        """);

    NextflowHarness.Result result = nextflow().run(project, Map.of(), Duration.ofSeconds(30), List.of("run", "main.nf"));

    assertThat(result.timedOut()).as(result.describe()).isTrue();
    assertThat(result.succeeded()).isFalse();
    Path work = project.resolve("work").toRealPath();
    try (var files = Files.walk(work)) {
      assertThat(files.anyMatch(f -> f.getFileName().toString().equals(".command.begin")))
          .as("the task must have started before the timeout, or this test proves nothing").isTrue();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!sleepersUnder(work).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(sleepersUnder(work)).as("the task's sleep must die with the run").isEmpty();
  }

  /** Live {@code sleep} processes whose working directory is under {@code work} (Linux /proc). */
  private static List<ProcessHandle> sleepersUnder(Path work) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().orElse("").endsWith("sleep"))
        .filter(p -> {
          try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).startsWith(work);
          } catch (Exception gone) {
            return false;
          }
        })
        .toList();
  }

  // ------------------------------------------------------------ fast: no Nextflow started

  /**
   * Runs one of the stand-in's scripts from the task directory, as Nextflow does. By absolute path:
   * Java looks a program up on its own PATH, not the child's (the Nextflow JVM gets the stand-in's PATH).
   */
  private static String slurmCommand(NextflowHarness.SlurmStandIn slurm, Path cwd, String... command) throws Exception {
    List<String> resolved = new java.util.ArrayList<>(List.of(command));
    resolved.set(0, slurm.binDir().resolve(command[0]).toString());
    ProcessBuilder builder = new ProcessBuilder(resolved).directory(cwd.toFile()).redirectErrorStream(true);
    builder.environment().putAll(slurm.env());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as("%s: %s", List.of(command), output).isZero();
    return output;
  }

  private static String awaitState(NextflowHarness.SlurmStandIn slurm, Path cwd, String id, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String queue = "";
    while (System.nanoTime() < deadline) {
      queue = slurmCommand(slurm, cwd, "squeue", "--noheader", "-o", "%i %t", "-t", "all");
      if (queue.lines().anyMatch(line -> line.equals(id + " " + state))) {
        return queue;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " never reached state " + state + "; last squeue:\n" + queue);
  }

  @Test
  void slurmStandInRunsAJobInTheSubmitDirectoryAndReportsRunningThenCompleted() throws Exception {
    NextflowHarness.SlurmStandIn slurm = NextflowHarness.installSlurmStandIn(dir.resolve("slurm"));
    Path task = Files.createDirectories(dir.resolve("task"));
    Path release = task.resolve("release");
    Files.writeString(task.resolve("job.sh"), "#!/bin/bash\n#SBATCH --gres=gpu:1\n"
        + "while [ ! -f release ]; do sleep 0.05; done\necho done > out.txt\n");
    try {
      String submitted = slurmCommand(slurm, task, "sbatch", "job.sh");

      assertThat(submitted).isEqualTo("Submitted batch job 1001\n");
      awaitState(slurm, task, "1001", "R");
      Files.createFile(release);
      awaitState(slurm, task, "1001", "CD");
      assertThat(task.resolve("out.txt")).hasContent("done");
      assertThat(slurm.jobs()).singleElement().satisfies(job -> {
        assertThat(job.id()).isEqualTo("1001");
        assertThat(job.scriptText()).contains("#SBATCH --gres=gpu:1");
        assertThat(job.submitDir()).isEqualTo(task.toRealPath());
      });
    } finally {
      slurm.cancelAll();
    }
  }

  @Test
  void slurmStandInReportsAFailedJobAndGivesEachJobItsOwnId() throws Exception {
    NextflowHarness.SlurmStandIn slurm = NextflowHarness.installSlurmStandIn(dir.resolve("slurm"));
    Path task = Files.createDirectories(dir.resolve("task"));
    Files.writeString(task.resolve("fail.sh"), "#!/bin/bash\nexit 3\n");

    assertThat(slurmCommand(slurm, task, "sbatch", "fail.sh")).isEqualTo("Submitted batch job 1001\n");
    assertThat(slurmCommand(slurm, task, "sbatch", "fail.sh")).isEqualTo("Submitted batch job 1002\n");

    awaitState(slurm, task, "1001", "F");
    awaitState(slurm, task, "1002", "F");
  }

  @Test
  void scancelKillsTheJobsWholeProcessGroup() throws Exception {
    NextflowHarness.SlurmStandIn slurm = NextflowHarness.installSlurmStandIn(dir.resolve("slurm"));
    Path task = Files.createDirectories(dir.resolve("task"));
    Files.writeString(task.resolve("long.sh"), "#!/bin/bash\nsleep 300 &\nwait\n");
    try {
      slurmCommand(slurm, task, "sbatch", "long.sh");
      awaitState(slurm, task, "1001", "R");
      long pid = Long.parseLong(Files.readString(slurm.stateDir().resolve("jobs/1001/pid")).trim());
      List<ProcessHandle> tree = ProcessHandle.of(pid).orElseThrow().descendants().toList();

      slurmCommand(slurm, task, "scancel", "1001");

      awaitState(slurm, task, "1001", "CA");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || tree.stream().anyMatch(ProcessHandle::isAlive))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("job leader").isNotEqualTo(java.util.Optional.of(true));
      assertThat(tree).as("the job's children, e.g. its sleep").noneMatch(ProcessHandle::isAlive);
    } finally {
      slurm.cancelAll();
    }
  }

  @Test
  void launcherCommandOpensEveryPackageBeforeTheClasspath() {
    List<String> command = NextflowHarness.launcherCommand(Path.of("java"), "a.jar:b.jar", List.of("run", "main.nf"));

    assertThat(command).filteredOn(arg -> arg.startsWith("--add-opens=java.base/"))
        .hasSize(NextflowHarness.ADD_OPENS_PACKAGES.size())
        .contains("--add-opens=java.base/java.util.regex=ALL-UNNAMED", "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED");
    assertThat(command.subList(command.indexOf("-cp"), command.size()))
        .containsExactly("-cp", "a.jar:b.jar", "nextflow.cli.Launcher", "run", "main.nf");
  }

  @Test
  void nxfJavaHomeWithoutAJavaIsRejectedNamingIt() {
    assertThatThrownBy(() -> NextflowHarness.javaFor(dir.toString()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NXF_JAVA_HOME=" + dir)
        .hasMessageContaining("Java 17");
  }
}
