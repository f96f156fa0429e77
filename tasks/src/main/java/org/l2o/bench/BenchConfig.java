package org.l2o.bench;

import java.util.List;
import org.l2o.engine.ProblemName;

/**
 * What {@link EngineBenchmark} measures.
 *
 * @param reps timed session calls per row, split over {@code rounds}
 * @param rounds passes over all rows (each rebuilds its graph and warms up again); timings pool
 * @param warmup untimed calls first: the first call of a new graph costs seconds
 * @param threads TF thread counts to measure (intra- and inter-op pools, see Sessions)
 * @param evalSeeds seed counts for evaluation, each batched into one graph
 * @param baseline also measure the engine as it ran before issue 9 (variant "before")
 * @param ceilings also measure plain-op ceilings (matmul GFLOP/s, ns per activation)
 * @param problem the optimizee (issue 9: MLP-orig; tests use a small quadratic)
 * @param batch its minibatch size (the quadratic's rows)
 * @param scale also measure L2O-Scale (variant "scale", issue 15): its meta-training as its
 *     authors ran it, with the log-ratio objective over a 10,000-example subset at every step
 */
public record BenchConfig(
    int reps,
    int rounds,
    int warmup,
    List<Integer> threads,
    List<Integer> evalSeeds,
    boolean baseline,
    boolean ceilings,
    ProblemName problem,
    int batch,
    boolean scale) {

  public static final int REPS_DEFAULT = 10;
  public static final int ROUNDS_DEFAULT = 2;
  public static final int WARMUP_DEFAULT = 2;
  public static final List<Integer> THREADS_DEFAULT = List.of(1, 2);
  public static final List<Integer> EVAL_SEEDS_DEFAULT = List.of(1, 10);
  public static final ProblemName PROBLEM_DEFAULT = ProblemName.MLP_ORIG;
  public static final int BATCH_DEFAULT = 128;

  public BenchConfig {
    if (reps < 1) {
      throw new IllegalArgumentException("bench: reps must be >= 1, got " + reps);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("bench: rounds must be >= 1, got " + rounds);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("bench: warmup must be >= 0, got " + warmup);
    }
    threads = List.copyOf(threads);
    evalSeeds = List.copyOf(evalSeeds);
    if (threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
      throw new IllegalArgumentException(
          "bench: threads must be a non-empty list of counts >= 1, got " + threads);
    }
    if (evalSeeds.stream().anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("bench: evaluation seed counts must be >= 1, got " + evalSeeds);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("bench: batch must be >= 1, got " + batch);
    }
  }

  /** Without the L2O-Scale rows. */
  public BenchConfig(
      int reps, int rounds, int warmup, List<Integer> threads, List<Integer> evalSeeds,
      boolean baseline, boolean ceilings, ProblemName problem, int batch) {
    this(reps, rounds, warmup, threads, evalSeeds, baseline, ceilings, problem, batch, false);
  }

  /** The issue-9 workload with the given repetitions, threads and options, L2O-Scale included. */
  public static BenchConfig of(
      int reps, List<Integer> threads, boolean baseline, boolean ceilings) {
    return new BenchConfig(
        reps, ROUNDS_DEFAULT, WARMUP_DEFAULT, threads, EVAL_SEEDS_DEFAULT, baseline, ceilings, PROBLEM_DEFAULT,
        BATCH_DEFAULT, true);
  }

  /** The issue-9 configuration: 10 reps after 2 warm-up calls, 1 and 2 threads, 1 and 10 seeds. */
  public static BenchConfig defaults() {
    return of(REPS_DEFAULT, THREADS_DEFAULT, true, true);
  }
}
