package org.l2o.bench;

import org.l2o.data.SyntheticImages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.data.Dataset;
import org.l2o.engine.EngineListener;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.MetaAdam;
import org.l2o.engine.MetaOptimizer;
import org.l2o.engine.MetaRmsProp;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.program.MetaObjective;
import org.l2o.engine.program.Rollout;
import org.l2o.engine.program.RolloutInput;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;
import org.l2o.engine.program.StateCarry;
import org.l2o.engine.rule.UpdateRule;
import org.l2o.engine.training.ObjectiveSubsets;
import org.l2o.env.EnvironmentCapture;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * The speed of the engine's two hot loops on full-size MLP-orig (15,910 parameters, batch 128)
 * with L2O-DM (LSTM 2x20) and synthetic MNIST-shaped data, unroll 20 (issue 9):
 *
 * <ul>
 *   <li>meta-training: one seed, one session call per unroll with the meta-gradient, the weights
 *       stepped by {@link MetaAdam} between calls, state through Java as {@code MetaTrainer} does;
 *   <li>evaluation: forward only, 20 steps per call, S seeds batched into one graph, state kept
 *       native between calls as {@code ForwardLoop} does.
 * </ul>
 *
 * Each measurement builds its own graph and session, makes {@code warmup} untimed calls and
 * its share of {@code reps} timed ones; {@code rounds} passes over all rows pool their timings
 * (see {@link #run}). It reports wall and CPU time per step (median and spread), FLOPs per
 * step counted from the graph, achieved GFLOP/s and peak RSS. With {@code baseline}, every
 * scenario is also measured as the engine ran it before issue 9 (variant "before": the rule
 * never blocked, evaluation state copied through Java arrays each call), in the same run; the
 * LSTM's gate split, also changed by issue 9, is not switchable, so "before" keeps the new one.
 * Meta-training runs the same graph in both variants (one seed is never blocked): their
 * difference shows the run's noise. The benchmark asserts nothing: no test checks a time.
 *
 * <p>With {@code scale} (issue 15), every scenario is also measured for L2O-Scale (variant
 * "scale"): the hierarchical GRU rule, and in meta-training its authors' log-ratio objective,
 * which evaluates the optimizee on a 10,000-example subset at every step (back-propagated), and
 * their RMSProp. The targets then compare it with L2O-DM ("engine") row by row: within 2x.
 *
 * <p>Usage without the CLI: {@code EngineBenchmark [reps] [threads,...]}.
 */
public final class EngineBenchmark {

  public static final int UNROLL = 20;

  /** Examples in the synthetic dataset the optimizee samples minibatches from. */
  public static final int DATASET_SIZE = 10_000;

  /** Issue 9's targets. */
  public static final double META_TARGET_MS = 8.0;

  public static final double EVAL_TARGET_MS_PER_SEED = 3.0;
  public static final double RSS_TARGET_BYTES = 2.0 * (1L << 30);

  static final String ENGINE = "engine";
  static final String BEFORE = "before";
  static final String SCALE = "scale";

  /** Issue 15: L2O-Scale's cost per step within this factor of L2O-DM's. */
  public static final double SCALE_TARGET_RATIO = 2.0;
  static final String META = "meta-training";
  static final String EVAL = "evaluation";

  private EngineBenchmark() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : BenchConfig.REPS_DEFAULT;
    List<Integer> threads =
        args.length > 1
            ? Arrays.stream(args[1].split(",")).map(Integer::parseInt).toList()
            : BenchConfig.THREADS_DEFAULT;
    BenchConfig cfg = BenchConfig.of(reps, threads, true, true);
    BenchReport report =
        run(
            cfg,
            new EngineListener() {
              @Override
              public void onProgress(long done, long total, String message) {
                System.err.println("[" + done + "/" + total + "] " + message);
              }
            });
    System.out.println(BenchTable.render(report));
  }

  /** Runs every measurement of {@code cfg}; progress (in measurements) goes to {@code listener}. */
  public static BenchReport run(BenchConfig cfg, EngineListener listener) {
    EngineListener l = listener == null ? EngineListener.NONE : listener;
    double loadBefore = ProcessStats.loadAverage();
    Map<String, String> env = new LinkedHashMap<>(EnvironmentCapture.capture(true).asMap());
    Dataset data =
        !cfg.problem().needsData()
            ? null
            : "cifar10".equals(cfg.problem().dataset())
                ? SyntheticImages.cifarLike(DATASET_SIZE, 1)
                : SyntheticImages.mnistLike(DATASET_SIZE, 1);
    Optimizee problem = Optimizees.create(cfg.problem(), data, cfg.batch());
    UpdateRule dm = TrainedOptimizer.untrained(LearnedOptimizerConfig.dm(), 1).rule();
    UpdateRule scale = TrainedOptimizer.untrained(LearnedOptimizerConfig.scale(), 1).rule();
    List<String> variants = new ArrayList<>(List.of(ENGINE));
    if (cfg.baseline()) {
      variants.add(BEFORE);
    }
    if (cfg.scale()) {
      variants.add(SCALE);
    }
    List<Integer> seedCounts = new ArrayList<>();
    seedCounts.add(1);
    seedCounts.addAll(cfg.evalSeeds());
    int rows = cfg.threads().size() * variants.size() * seedCounts.size();
    int total = cfg.rounds() * rows + (cfg.ceilings() ? cfg.threads().size() : 0);
    int repsPerRound = (cfg.reps() + cfg.rounds() - 1) / cfg.rounds();
    int done = 0;
    // Rounds visit every row in turn, each scenario's variants back to back and in alternating
    // order, so that the machine's drift (other processes, clocks) spreads over all rows alike.
    Map<String, Sample> samples = new LinkedHashMap<>();
    for (int round = 0; round < cfg.rounds(); round++) {
      for (int threads : cfg.threads()) {
        for (int i = 0; i < seedCounts.size(); i++) {
          String scenario = i == 0 ? META : EVAL;
          int seeds = seedCounts.get(i);
          List<String> order = new ArrayList<>(variants);
          if (round % 2 == 1) {
            java.util.Collections.reverse(order);
          }
          for (String variant : order) {
            l.onProgress(
                done, total,
                f("round %d/%d: %s, %d seed(s), %s, threads=%d", round + 1, cfg.rounds(),
                    scenario, seeds, variant, threads));
            Sample sample = measure(problem, variant.equals(SCALE) ? scale : dm, scenario, seeds,
                variant, threads, cfg, repsPerRound);
            samples.merge(key(scenario, seeds, variant, threads), sample, Sample::plus);
            done++;
          }
        }
      }
    }
    List<Measurement> ms = new ArrayList<>();
    for (int threads : cfg.threads()) {
      for (String variant : variants) {
        for (int i = 0; i < seedCounts.size(); i++) {
          String scenario = i == 0 ? META : EVAL;
          int seeds = seedCounts.get(i);
          ms.add(samples.get(key(scenario, seeds, variant, threads)).measurement());
        }
      }
    }
    List<OpCeilings.Ceiling> ceilings = new ArrayList<>();
    if (cfg.ceilings()) {
      // One seed's coordinates: the shape of the 1-seed rows (larger batches run in blocks of
      // about 4,096, where the same ops measure within noise of this).
      int coords = (problem.paramCount() + 15) / 16 * 16;
      for (int threads : cfg.threads()) {
        l.onProgress(done, total, "op ceilings, threads=" + threads);
        ceilings.addAll(
            OpCeilings.measure(LearnedOptimizerConfig.dm().hidden(), coords, threads, cfg.reps()));
        done++;
      }
    }
    l.onProgress(done, total, "done");
    return new BenchReport(
        workload(problem, cfg.batch()),
        cfg,
        env,
        loadBefore,
        ProcessStats.loadAverage(),
        Sessions.threadsPerSession(),
        ms,
        ceilings,
        Floors.of(ms, ceilings),
        Floors.targets(ms));
  }

  static String workload(Optimizee problem, int batch) {
    return problem.name().id() + " (" + problem.paramCount() + " params, batch " + batch
        + (problem.data() == null ? "" : ", synthetic data shaped like " + problem.name().dataset())
        + "), L2O-DM (LSTM 2x20; variant scale: L2O-Scale, its meta-training objective on "
        + objectiveExamples(problem) + " examples), unroll " + UNROLL;
  }

  /** L2O-Scale's objective subset in the benchmark: its authors' 10,000, at most the data's. */
  static int objectiveExamples(Optimizee problem) {
    return problem.data() == null
        ? 0
        : Math.min(MetaObjective.LogRatio.EXAMPLES_DEFAULT, problem.data().count());
  }

  private static String key(String scenario, int seeds, String variant, int threads) {
    return scenario + "/" + seeds + "/" + variant + "/" + threads;
  }

  private static String f(String format, Object... args) {
    return String.format(java.util.Locale.ROOT, format, args);
  }

  /** One row's timings from one or more rounds. */
  private record Sample(
      String scenario,
      int seeds,
      String variant,
      int threads,
      int blocks,
      GraphFlops.Count flops,
      List<Double> wall,
      List<Double> cpu,
      double firstCallMs,
      long peakRss) {

    Sample plus(Sample o) {
      List<Double> w = new ArrayList<>(wall);
      w.addAll(o.wall);
      List<Double> c = new ArrayList<>(cpu);
      c.addAll(o.cpu);
      return new Sample(
          scenario, seeds, variant, threads, blocks, flops, w, c,
          Math.min(firstCallMs, o.firstCallMs), Math.max(peakRss, o.peakRss));
    }

    Measurement measurement() {
      double[] w = wall.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] c = cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double median = quantile(w, 0.5);
      long perStep = flops.total() / UNROLL;
      return new Measurement(
          scenario, seeds, variant, threads, blocks, UNROLL, w.length,
          median, quantile(w, 0.25), quantile(w, 0.75), w[0], w[w.length - 1],
          median / seeds, quantile(c, 0.5), firstCallMs,
          perStep, flops.matmulFlops() / UNROLL, flops.transcendentals() / UNROLL,
          perStep / median / 1e6, peakRss, flops.ops());
    }
  }

  private static Sample measure(
      Optimizee problem,
      UpdateRule rule,
      String scenario,
      int seeds,
      String variant,
      int threads,
      BenchConfig cfg,
      int reps) {
    boolean meta = scenario.equals(META);
    boolean engine = !variant.equals(BEFORE);
    MetaObjective objective =
        variant.equals(SCALE) && meta
            ? new MetaObjective.LogRatio(objectiveExamples(problem))
            : MetaObjective.SUMMED_LOSSES;
    System.gc();
    boolean rssReset = ProcessStats.resetPeakRss();
    long start = System.nanoTime();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ProblemGraph pg = new ProblemGraph(tf, problem);
      int coords = (seeds * problem.paramCount() + 15) / 16 * 16;
      RolloutProgram p =
          new RolloutProgram(
              tf, pg, rule, seeds, UNROLL, meta, false,
              engine ? RolloutProgram.defaultBlock(rule, coords) : 0, objective);
      GraphFlops.Count flops = GraphFlops.count(p.outputs());
      try (Session s = Sessions.open(g, threads);
          Loop loop = new Loop(p, problem, rule, seeds, meta, engine, objective)) {
        pg.load(s);
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        double firstCallMs = Double.NaN;
        for (int r = -cfg.warmup(); r < reps; r++) {
          long c0 = ProcessStats.cpuNanos();
          long t0 = System.nanoTime();
          loop.call(s);
          long t1 = System.nanoTime();
          long c1 = ProcessStats.cpuNanos();
          if (Double.isNaN(firstCallMs)) {
            firstCallMs = (t1 - start) / 1e6;
          }
          if (r >= 0) {
            wall.add((t1 - t0) / 1e6 / UNROLL);
            cpu.add((c1 - c0) / 1e6 / UNROLL);
          }
        }
        long peak = rssReset ? ProcessStats.peakRssBytes().orElse(-1L) : -1L;
        return new Sample(
            scenario, seeds, variant, threads, p.blockCount(), flops, wall, cpu, firstCallMs, peak);
      }
    }
  }

  /** Linear interpolation between order statistics of a sorted array. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * One scenario's call loop, as the engine runs it: meta-training feeds the state through Java
   * and steps the weights; evaluation keeps the state native (engine) or passes it through Java
   * (the earlier layout).
   */
  private static final class Loop implements AutoCloseable {
    private final RolloutProgram program;
    private final SeededRuns runs;
    private final boolean meta;
    private final float[] weights;
    private final MetaOptimizer adam;
    private final float[] instance;
    private final StateCarry carry;
    private final ObjectiveSubsets subsets;
    private float[] theta;
    private float[][] state;
    private int t0 = 1;

    Loop(RolloutProgram p, Optimizee problem, UpdateRule rule, int seeds, boolean meta,
        boolean native_, MetaObjective objective) {
      this.program = p;
      long[] seedValues = new long[seeds];
      for (int i = 0; i < seeds; i++) {
        seedValues[i] = i + 1;
      }
      this.runs = new SeededRuns(problem, seedValues);
      this.meta = meta;
      this.weights = rule.parameters();
      boolean logRatio = objective instanceof MetaObjective.LogRatio;
      this.adam =
          !meta ? null
              : logRatio ? new MetaRmsProp(weights.length, MetaRmsProp.LR_DEFAULT)
              : new MetaAdam(weights.length, 1e-3);
      // L2O-Scale's meta-training draws a fresh objective subset (and its minibatches) per unroll.
      int examples = logRatio ? ((MetaObjective.LogRatio) objective).examples() : 0;
      this.subsets =
          meta && examples > 0 && seeds == 1
              ? new ObjectiveSubsets(problem, examples, new java.util.Random(seeds))
              : null;
      this.theta = runs.initialTheta();
      this.instance = runs.instances();
      this.state = p.initialState();
      this.carry = !meta && native_ ? StateCarry.of(p, state) : null;
    }

    void call(Session s) {
      ObjectiveSubsets.Unroll data = subsets == null ? null : subsets.next(UNROLL);
      int[] batches = data == null ? runs.nextBatches(UNROLL) : data.batches();
      Rollout r;
      if (carry != null) {
        r = program.run(s, new RolloutInput(weights, theta, null, t0, batches, instance), carry);
      } else {
        r = program.run(s, new RolloutInput(weights, theta, state, t0, batches, instance,
            data == null ? null : data.examples(), null));
        state = r.state();
      }
      if (meta) {
        adam.step(weights, r.metaGradient());
      }
      theta = r.theta();
      t0 += UNROLL;
    }

    @Override
    public void close() {
      if (carry != null) {
        carry.close();
      }
    }
  }
}
