package org.l2o.engine.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.l2o.data.Dataset;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.program.RolloutInput;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;
import org.l2o.engine.rule.UpdateRule;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Milliseconds per optimizee step of the engine's two hot loops on full-size MLP-orig (15,910
 * parameters, batch 128) with L2O-DM (LSTM 2x20) and synthetic MNIST-shaped data: meta-training
 * (unroll 20, one session call per unroll, meta-gradient included) and forward evaluation (20
 * steps per call) with 1 and 10 seeds batched. Prints the median over repetitions after warm-up.
 *
 * <p>Usage: {@code EngineBenchmark [reps] [threads]} (defaults 10 and 1).
 */
public final class EngineBenchmark {

  public static final int REPS_DEFAULT = 10;
  public static final int WARMUP = 2;
  public static final int UNROLL = 20;

  private EngineBenchmark() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : REPS_DEFAULT;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    for (String line : run(reps, threads)) {
      System.out.println(line);
    }
  }

  /** Runs the three measurements and returns one line each. */
  public static List<String> run(int reps, int threads) {
    Dataset data = SyntheticDatasets.mnistLike(10_000, 1);
    Optimizee problem = Optimizees.create(ProblemName.MLP_ORIG, data, 128);
    UpdateRule rule = TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 1).rule();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            "meta-training  MLP-orig, L2O-DM, unroll %d, 1 seed : %6.2f ms/step (threads=%d)",
            UNROLL, measure(problem, rule, 1, true, reps, threads), threads));
    for (int seeds : new int[] {1, 10}) {
      double ms = measure(problem, rule, seeds, false, reps, threads);
      out.add(
          String.format(
              "evaluation     MLP-orig, L2O-DM, %d steps/call, %2d seeds: %6.2f ms/step per seed"
                  + " (%.2f ms per batched step)",
              UNROLL, seeds, ms / seeds, ms));
    }
    return out;
  }

  /** Median ms per (batched) step. */
  private static double measure(
      Optimizee problem, UpdateRule rule, int seeds, boolean meta, int reps, int threads) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, problem);
      RolloutProgram p = new RolloutProgram(tf, pg, rule, seeds, UNROLL, meta);
      try (Session s = Sessions.open(g, threads)) {
        pg.load(s);
        long[] seedValues = new long[seeds];
        for (int i = 0; i < seeds; i++) {
          seedValues[i] = i + 1;
        }
        SeededRuns runs = new SeededRuns(problem, seedValues);
        float[] theta = runs.initialTheta();
        float[] instance = runs.instances();
        float[][] state = p.initialState();
        float[] params = rule.parameters();
        double[] ms = new double[reps];
        for (int r = -WARMUP; r < reps; r++) {
          int[] batches = runs.nextBatches(UNROLL);
          long t0 = System.nanoTime();
          var out = p.run(s, new RolloutInput(params, theta, state, 1 + r * UNROLL, batches, instance));
          long t1 = System.nanoTime();
          theta = out.theta();
          state = out.state();
          if (r >= 0) {
            ms[r] = (t1 - t0) / 1e6 / UNROLL;
          }
        }
        Arrays.sort(ms);
        return ms[reps / 2];
      }
    }
  }
}
