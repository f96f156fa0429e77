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
}
