package org.l2o.engine;

import java.util.HashMap;
import java.util.Map;
import org.l2o.data.Dataset;
import org.l2o.engine.graph.Devices;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.program.ForwardLoop;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;
import org.l2o.engine.rule.UpdateRule;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Trains fresh optimizees with a given optimizer and records every step's training loss: the
 * meta-test of the paper. All seeds of a call run batched in one graph (coordinates = seeds x
 * params), {@link #chunk()} steps per session call.
 *
 * <p>Each seed fixes the optimizee init and the minibatch sequence, so different optimizers on
 * seed s see the same init and the same batches. One graph per optimizer kind and seed count is
 * built on first use and reused; the learned weights and the hyperparameters are fed, so a whole
 * learning-rate grid shares one graph. Not thread-safe.
 */
public final class Evaluator implements AutoCloseable {

  /** Steps per session call. */
  public static final int CHUNK_DEFAULT = 20;

  private final Optimizee problem;
  private final int chunk;
  private final Graph graph;
  private final Ops tf;
  private final ProblemGraph problemGraph;
  private final Session session;
  private final Map<String, RolloutProgram> programs = new HashMap<>();

  public Evaluator(
      ProblemName problem, Dataset split, int batchSize, int threads, String device) {
    this(problem, split, batchSize, threads, device, CHUNK_DEFAULT);
  }

  public Evaluator(
      ProblemName problem, Dataset split, int batchSize, int threads, String device, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("evaluation chunk must be >= 1 step, got " + chunk);
    }
    this.problem = Optimizees.create(problem, split, batchSize);
    this.chunk = chunk;
    this.graph = new Graph();
    try {
      this.tf = Devices.place(Ops.create(graph), device);
      this.problemGraph = new ProblemGraph(tf, this.problem);
      this.session = Sessions.open(graph, threads);
      problemGraph.load(session);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Trains one optimizee per seed for {@code steps} steps with {@code opt}; progress goes to
   * {@code listener} in steps.
   */
  public EvaluationResult run(
      OptimizerUnderTest opt, long[] seeds, int steps, EngineListener listener) {
    if (seeds == null || seeds.length == 0) {
      throw new IllegalArgumentException("evaluation needs at least one seed");
    }
    if (steps < 0) {
      throw new IllegalArgumentException("evaluation steps must be >= 0, got " + steps);
    }
    EngineListener l = listener == null ? EngineListener.NONE : listener;
    UpdateRule rule = opt.rule();
    RolloutProgram program = program(rule, seeds.length);
    ForwardLoop.Curves c =
        ForwardLoop.run(
            session,
            program,
            rule.parameters(),
            new SeededRuns(problem, seeds),
            steps,
            l,
            opt.label() + " on " + problem.name().id());
    EvaluationResult result = new EvaluationResult(c.losses(), c.divergedAtStep());
    l.onMetric(MetricKeys.DIVERGED_SEEDS, result.divergedCount(), steps);
    return result;
  }

  private RolloutProgram program(UpdateRule rule, int seeds) {
    String key = rule.structureKey() + "/seeds=" + seeds;
    RolloutProgram p = programs.get(key);
    if (p == null) {
      p =
          new RolloutProgram(
              tf.withSubScope("eval" + programs.size()), problemGraph, rule, seeds, chunk, false);
      programs.put(key, p);
    }
    return p;
  }

  /** The optimizee being trained. */
  public Optimizee problem() {
    return problem;
  }

  /** Steps per session call. */
  public int chunk() {
    return chunk;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  @Override
  public String toString() {
    return "Evaluator[" + problem + ", chunk=" + chunk + ", graphs=" + programs.keySet() + "]";
  }
}
