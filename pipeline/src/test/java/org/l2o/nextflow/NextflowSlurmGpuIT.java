package org.l2o.nextflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -profile test,slurm,gpu} for real, through the stand-in {@code sbatch}/{@code squeue}:
 * every task is a SLURM job, and exactly the GPU-labelled ones (training, evaluation) ask for a GPU
 * with {@code --gres=gpu:1}. There is no GPU here, so {@code --device auto} lets the tasks fall back
 * to the CPU (the gpu profile's {@code device=gpu} would fail fast, by design). SYNTHETIC data.
 */
@Tag("slow")
class NextflowSlurmGpuIT {

  @TempDir
  Path dir;

  @Test
  void everyTaskIsASlurmJobAndGpuTasksAskForAGpu() throws Exception {
    NextflowPipelineIT.requireDistribution();
    NextflowHarness nextflow = NextflowHarness.create();
    Path launch = Files.createDirectories(dir.resolve("launch"));
    // One training task and one evaluation of each kind keep the run short.
    NextflowPipelineIT.writeSyntheticParams(dir, launch.resolve("synthetic.yaml"),
        "eval_optimizers: [dm, adam]\neval_steps: 100\neval_seeds: 2\n");
    Files.writeString(launch.resolve("fast-polling.config"),
        "executor {\n    pollInterval = '250 ms'\n    queueStatInterval = '1 sec'\n    submitRateLimit = '100/1s'\n}\n");
    NextflowHarness.SlurmStandIn slurm = NextflowHarness.installSlurmStandIn(dir.resolve("slurm"));
    Map<String, String> env = new HashMap<>(slurm.env());
    env.put("L2O_DATA_CACHE", Files.createDirectories(dir.resolve("data-cache")).toString());
    try {
      NextflowHarness.Result r = nextflow.run(launch, env, NextflowPipelineIT.RUN_TIMEOUT, List.of("run",
          NextflowHarness.pipelineModuleDir().toString(), "-profile", "test,slurm,gpu", "-params-file", "synthetic.yaml",
          "--device", "auto", "-c", "fast-polling.config", "-with-trace", "trace.tsv"));

      System.out.printf("nextflow -profile test,slurm,gpu: %d s%n", r.elapsed().toSeconds());
      assertThat(r.succeeded()).as(r.describe()).isTrue();
      List<NextflowRuns.Task> trace = NextflowRuns.trace(launch.resolve("trace.tsv"));
      Map<String, NextflowHarness.SlurmStandIn.Job> jobs = new LinkedHashMap<>();
      slurm.jobs().forEach(j -> jobs.put(j.id(), j));
      assertThat(jobs).hasSameSizeAs(trace);
      assertThat(trace).extracting(NextflowRuns.Task::process)
          .contains("L2O:L2O_TRAIN_BASELINE", "L2O:L2O_EVALUATE", "L2O:L2O_FETCH", "L2O:L2O_PLOT");
      for (NextflowRuns.Task t : trace) {
        NextflowHarness.SlurmStandIn.Job job = jobs.get(t.nativeId());
        assertThat(job).as("the stand-in job of %s (native id %s)", t.name(), t.nativeId()).isNotNull();
        assertThat(t.status()).as(t.name()).isEqualTo("COMPLETED");
        if (t.process().matches("L2O:L2O_(TRAIN_.*|EVALUATE)")) {
          assertThat(job.scriptText()).as(t.name()).contains("#SBATCH --gres=gpu:1");
        } else {
          assertThat(job.scriptText()).as(t.name()).doesNotContain("--gres");
        }
      }
    } finally {
      slurm.cancelAll();
    }
  }

  /**
   * A training task that hits its SLURM time limit gets SIGTERM, writes its checkpoint and exits
   * 143; Nextflow retries it (exit codes 130-145) in a new work folder, where it resumes from the
   * checkpoint under {@code checkpoint_dir} instead of starting again. SYNTHETIC data.
   */
  @Test
  void aTrainingTaskKilledByItsTimeLimitIsRetriedAndResumesFromItsCheckpoint() throws Exception {
    NextflowPipelineIT.requireDistribution();
    NextflowHarness nextflow = NextflowHarness.create();
    Path launch = Files.createDirectories(dir.resolve("launch"));
    // Short episodes, many of them, a checkpoint after each: the first attempt is cut mid-training.
    // Sized so that the cut is certain: 300 episodes take about 100 s of training on the 2-core
    // reference machine (120 once fit, idle, into the first attempt's time limit), so even a
    // machine three times faster is cut; and a few seconds in, the first checkpoint is written.
    NextflowPipelineIT.writeSyntheticParams(dir, launch.resolve("synthetic.yaml"),
        "eval_optimizers: [adam]\neval_steps: 50\neval_seeds: 1\nn_train: 20\nn_valid: 20\n"
            + "meta_epochs: 300\nvalid_every: 20\ncheckpoint_every: 1\n");
    Files.writeString(launch.resolve("time-limit.config"), String.join("\n",
        "executor {",
        "    pollInterval = '250 ms'",
        "    queueStatInterval = '1 sec'",
        "    submitRateLimit = '100/1s'",
        "}",
        "process {",
        "    withName: 'L2O_TRAIN_BASELINE' {",
        "        time = { task.attempt == 1 ? 30.s : 1.h }",
        "    }",
        "}",
        ""));
    NextflowHarness.SlurmStandIn slurm = NextflowHarness.installSlurmStandIn(dir.resolve("slurm"));
    Map<String, String> env = new HashMap<>(slurm.env());
    env.put("L2O_DATA_CACHE", Files.createDirectories(dir.resolve("data-cache")).toString());
    try {
      NextflowHarness.Result r = nextflow.run(launch, env, NextflowPipelineIT.RUN_TIMEOUT, List.of("run",
          NextflowHarness.pipelineModuleDir().toString(), "-profile", "test,slurm", "-params-file",
          "synthetic.yaml", "-c", "time-limit.config", "-with-trace", "trace.tsv"));

      assertThat(r.succeeded()).as(r.describe()).isTrue();
      List<NextflowRuns.Task> train = NextflowRuns.trace(launch.resolve("trace.tsv")).stream()
          .filter(t -> t.process().equals("L2O:L2O_TRAIN_BASELINE")).toList();
      System.out.printf("time-limited training: %s%n", train.stream()
          .map(t -> "attempt " + t.row().get("attempt") + " " + t.status() + " exit " + t.row().get("exit"))
          .toList());
      assertThat(train).hasSize(2);
      NextflowRuns.Task first = train.get(0);
      NextflowRuns.Task retry = train.get(1);
      assertThat(first.row()).containsEntry("attempt", "1").containsEntry("exit", "143");
      assertThat(retry.row()).containsEntry("attempt", "2").containsEntry("exit", "0");
      assertThat(retry.status()).isEqualTo("COMPLETED");
      assertThat(Files.exists(slurm.stateDir().resolve("jobs").resolve(first.nativeId()).resolve("timeout")))
          .as("the first attempt was stopped by its time limit").isTrue();
      // (The first attempt's own last words may be lost: the wrapper's TERM handler kills the tee
      // that copies the task's stderr to .command.err. The retry's resuming proves the checkpoint.)
      String retryLog = Files.readString(Path.of(retry.row().get("workdir")).resolve(".command.err"));
      assertThat(retryLog).containsPattern("resumed at episode [1-9][0-9]* from the checkpoint in "
          + java.util.regex.Pattern.quote(launch.resolve("l2o-checkpoints").toString()));
    } finally {
      slurm.cancelAll();
    }
  }
}
