package org.l2o.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.engine.EngineListener;
import org.l2o.bench.BenchConfig;
import org.l2o.bench.BenchReport;
import org.l2o.bench.BenchTable;
import org.l2o.bench.EngineBenchmark;
import org.l2o.engine.graph.Sessions;
import org.l2o.progress.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code l2o bench}: the engine's speed on this machine, as a table and as JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = "Time the engine: ms per optimizee step of meta-training and evaluation, and why.",
    description = {
      "",
      "Runs the engine's two hot loops on full-size MLP-orig (15,910 params, batch 128) with",
      "L2O-DM (LSTM 2x20), unroll 20, on synthetic MNIST-shaped data (no download needed):",
      "  meta-training  1 seed, one session call per unroll, meta-gradient included;",
      "  evaluation     forward only, 20 steps per call, 1 seed and 10 seeds batched in one graph.",
      "",
      "Each row builds its graph, makes --warmup untimed calls (a new graph's first call costs",
      "seconds), then its timed calls; --rounds passes over all rows (each scenario's two",
      "variants back to back) share the --reps calls. It reports, per optimizee step: the median",
      "wall time and its interquartile range, the CPU time of all threads (on a busy machine",
      "wall time exceeds it: other processes held the cores), the FLOPs counted from the graph,",
      "the GFLOP/s achieved, and the process's peak RSS. Rows marked 'before' run the engine as",
      "it ran before issue 9 (the LSTM never cut into cache-sized blocks, the evaluation state",
      "copied through Java every call) in the same run, for a before/after on the same machine;",
      "meta-training runs the same graph in both, so those two rows show the run's noise.",
      "",
      "Each thread count is honoured per row: the command reruns itself in a child JVM with",
      "TF_OVERRIDE_GLOBAL_THREADPOOL=1, since TF otherwise sizes its pools once per process.",
      "",
      "Then it times plain TF ops of the same shapes (the ceilings: gate matmuls in GFLOP/s,",
      "sigmoid/tanh/mul in ns per element) and sets each scenario's FLOPs against them: an",
      "estimate of the least time that arithmetic takes here, op by op. The targets of issue 9",
      "(meta-training <= 8 ms, evaluation <= 3 ms per seed with seeds batched, peak RSS <= 2 GB)",
      "close the table. Nothing is asserted: the exit code is 0 whether or not they are met.",
      "",
      "Results: <outdir>/results/bench/bench.json (every number above, the config and the",
      "machine). A full run takes about 3 minutes on 2 cores; close other work first, and",
      "compare runs by their cpu ms when the load average differs.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  l2o bench                                  # the issue-9 table, 1 and 2 threads",
      "  l2o bench --threads 1 --reps 5 --rounds 1 --no-baseline   # a quick look (~30 s)",
      "  l2o bench --seeds 1,10,100 --outdir /tmp/b     # also 100 seeds batched",
      "  make bench OUTDIR=/tmp/b",
      "",
      "Exit codes: 0 measured (targets met or not), 1 a measurement failed, 2 bad options."
    })
public final class BenchCommand implements Callable<Integer> {

  /** Where the JSON goes, under --outdir. */
  public static final String RESULT = "results/bench/bench.json";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--reps", paramLabel = "<n>", defaultValue = "" + BenchConfig.REPS_DEFAULT,
      description = "Timed session calls per row, each of 20 optimizee steps (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(names = "--rounds", paramLabel = "<n>", defaultValue = "" + BenchConfig.ROUNDS_DEFAULT,
      description = "Passes over all rows, each taking its share of --reps; spreads the machine's "
          + "drift over all rows alike (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", paramLabel = "<n>", defaultValue = "" + BenchConfig.WARMUP_DEFAULT,
      description = "Untimed calls per row and round before the timed ones (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", paramLabel = "<n>", split = ",", defaultValue = "1,2",
      description = "TF thread counts to measure; 1 is the bitwise-repeatable setting (default: ${DEFAULT-VALUE}).")
  List<Integer> threads = new ArrayList<>();

  @Option(names = "--seeds", paramLabel = "<n>", split = ",", defaultValue = "1,10",
      description = "Seed counts for evaluation, each batched in one graph (default: ${DEFAULT-VALUE}).")
  List<Integer> seeds = new ArrayList<>();

  @Option(names = "--no-baseline",
      description = "Skip the 'before' rows (the engine before issue 9): half the time.")
  boolean noBaseline;

  @Option(names = "--no-ceilings", description = "Skip the plain-op ceilings and floors.")
  boolean noCeilings;

  @Option(names = "--no-scale",
      description = "Skip the L2O-Scale rows (variant scale, issue 15) and their 2x targets.")
  boolean noScale;

  @Option(names = "--outdir", paramLabel = "<dir>", defaultValue = ".",
      description = "Where results/bench/ goes (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    BenchConfig cfg =
        new BenchConfig(
            reps, rounds, warmup, threads, seeds, !noBaseline, !noCeilings, BenchConfig.PROBLEM_DEFAULT,
            BenchConfig.BATCH_DEFAULT, !noScale);
    if (!Sessions.threadsPerSession()) {
      return inChildWithPerSessionPools(out);
    }
    BenchReport report;
    try (Progress p = Progress.start("bench", 1, "rows")) {
      report =
          EngineBenchmark.run(
              cfg,
              new EngineListener() {
                @Override
                public void onProgress(long done, long total, String message) {
                  p.setTotal(total);
                  p.stepTo(done);
                  p.setMessage(message);
                }
              });
    }
    out.println(BenchTable.render(report));
    Path json = outDir.resolve(RESULT);
    report.writeJson(json);
    out.println("Wrote " + json.toAbsolutePath().normalize());
    out.flush();
    return 0;
  }

  /**
   * Runs the same command in a child JVM whose environment gives every TF session its own thread
   * pools: in this process TF may already have sized process-wide pools, and would then ignore
   * each row's thread count. The child's table is copied to this command's output.
   */
  private int inChildWithPerSessionPools(PrintWriter out) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(L2o.class.getName());
    cmd.addAll(spec.commandLine().getParseResult().originalArgs());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put(Sessions.PER_SESSION_POOLS_ENV, "1");
    Process child = pb.start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.println(line);
        out.flush();
      }
      return child.waitFor();
    } finally {
      child.destroy();
    }
  }
}
