package org.l2o.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.data.Dataset;
import org.l2o.engine.graph.Devices;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.problem.RunSeeds;
import org.l2o.engine.program.ForwardLoop;
import org.l2o.engine.program.Rollout;
import org.l2o.engine.program.RolloutInput;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;
import org.l2o.engine.rule.LearnedRule;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Meta-trains a learned optimizer as L2O-DM does (the baseline of the paper).
 *
 * <p>Each episode starts a fresh optimizee (its own seed) and a zero optimizer state, then runs
 * N_train steps in unrolls of {@code unroll} steps; parameters and state carry across the unrolls
 * of an episode. After each unroll the meta-loss (the sum of the optimizee losses at steps 1..U
 * of the unroll, each on its own minibatch, with the optimizee gradient under a stop-gradient) is
 * differentiated with respect to the weights and one Adam step is taken. Every
 * {@code validEvery} episodes (and after the last one), {@code validEpisodes} fresh episodes of
 * N_valid steps run forward only, all in one batched graph; their summed final loss is the score,
 * and the best-scoring weights are kept.
 *
 * <p>A training episode whose losses or meta-gradient turn non-finite stops at once (its
 * meta-step is not applied) and is counted; a validation with a diverged episode scores +Infinity.
 */
public final class MetaTrainer {

  private final MetaTrainConfig cfg;
  private final Dataset data;
  private final EngineListener listener;

  public MetaTrainer(MetaTrainConfig cfg, Dataset trainSplit, EngineListener listener) {
    this.cfg = cfg;
    this.data = trainSplit;
    this.listener = listener == null ? EngineListener.NONE : listener;
    if (cfg.problem().needsData() && trainSplit == null) {
      throw new IllegalArgumentException(
          "meta-training on " + cfg.problem().id() + " needs its " + cfg.problem().dataset()
              + " training split; got null");
    }
  }

  /** Runs all episodes and returns the best model and the history. */
  public TrainingResult train() {
    Optimizee problem = Optimizees.create(cfg.problem(), data, cfg.batchSize());
    TrainedOptimizer init = TrainedOptimizer.untrained(cfg.optimizer(), cfg.seed());
    LearnedRule structure = init.rule();
    try (Graph graph = new Graph()) {
      Ops tf = Devices.place(Ops.create(graph), cfg.device());
      ProblemGraph pg = new ProblemGraph(tf, problem);
      Map<Integer, RolloutProgram> unrolls = new HashMap<>();
      int u = Math.min(cfg.unroll(), cfg.nTrain());
      unrolls.put(u, new RolloutProgram(tf.withSubScope("train"), pg, structure, 1, u, true));
      int rest = cfg.nTrain() % u;
      if (rest > 0) {
        unrolls.put(
            rest, new RolloutProgram(tf.withSubScope("train_rest"), pg, structure, 1, rest, true));
      }
      RolloutProgram valid =
          new RolloutProgram(
              tf.withSubScope("valid"),
              pg,
              structure,
              cfg.validEpisodes(),
              Math.min(cfg.unroll(), cfg.nValid()),
              false);
      try (Session session = Sessions.open(graph, cfg.threads())) {
        pg.load(session);
        return loop(session, problem, init, unrolls, u, valid);
      }
    }
  }

  private TrainingResult loop(
      Session session,
      Optimizee problem,
      TrainedOptimizer init,
      Map<Integer, RolloutProgram> unrolls,
      int u,
      RolloutProgram valid) {
    float[] weights = init.weights();
    MetaAdam adam = new MetaAdam(weights.length, cfg.metaLr());
    List<ValidationRecord> validations = new ArrayList<>();
    float[] best = null;
    double bestScore = Double.POSITIVE_INFINITY;
    int bestEpisode = -1;
    long trainSteps = 0;
    long validSteps = 0;
    long metaIter = 0;
    int diverged = 0;
    double lastMeta = Double.NaN;
    double lastValid = Double.NaN;
    for (int e = 0; e < cfg.epochs(); e++) {
      SeededRuns run = new SeededRuns(problem, new long[] {episodeSeed(e)});
      float[] theta = run.initialTheta();
      float[] instance = run.instances();
      float[][] state = unrolls.get(u).initialState();
      int done = 0;
      boolean episodeDiverged = false;
      float lastLoss = Float.NaN;
      while (done < cfg.nTrain()) {
        int len = Math.min(u, cfg.nTrain() - done);
        RolloutProgram p = unrolls.get(len);
        Rollout r =
            p.run(
                session,
                new RolloutInput(
                    weights, theta, state, done + 1, run.nextBatches(len), instance));
        done += len;
        trainSteps += len;
        double meta = 0;
        for (int k = 1; k <= len; k++) {
          meta += r.losses()[k];
        }
        if (!Double.isFinite(meta) || !allFinite(r.metaGradient())) {
          episodeDiverged = true;
          diverged++;
          listener.onEvent(
              "diverged",
              Map.of("phase", "train", "episode", e + 1, "step", done, "meta_loss", meta));
          listener.onMetric("diverged_episodes", diverged, e + 1);
          break;
        }
        adam.step(weights, r.metaGradient());
        listener.onMetric("meta_loss", meta, metaIter++);
        lastMeta = meta;
        lastLoss = r.losses()[len];
        theta = r.theta();
        state = r.state();
      }
      if (!episodeDiverged) {
        listener.onMetric("episode_final_loss", lastLoss, e + 1);
      }
      int episodes = e + 1;
      if (episodes % cfg.validEvery() == 0 || episodes == cfg.epochs()) {
        ValidationScore vs = validate(session, problem, valid, weights, validations.size());
        double score = vs.score();
        validSteps += (long) cfg.validEpisodes() * cfg.nValid();
        boolean improved = score < bestScore;
        if (improved) {
          bestScore = score;
          best = weights.clone();
          bestEpisode = episodes;
        }
        int validDiverged = vs.diverged();
        validations.add(new ValidationRecord(episodes, score, validDiverged, improved));
        listener.onMetric("valid_score", score, episodes);
        listener.onEvent(
            "validation",
            Map.of("episode", episodes, "score", score, "diverged", validDiverged,
                "improved", improved));
        lastValid = score;
      }
      listener.onProgress(
          episodes,
          cfg.epochs(),
          String.format("meta-loss %.4g · valid %.4g · diverged %d", lastMeta, lastValid, diverged));
    }
    listener.onMetric("diverged_episodes", diverged, cfg.epochs());
    Map<String, Object> training = trainingRecord(trainSteps, validSteps, diverged);
    TrainedOptimizer last = new TrainedOptimizer(cfg.optimizer(), weights, training);
    TrainedOptimizer bestModel;
    if (best == null) {
      bestModel = last;
    } else {
      Map<String, Object> t = new LinkedHashMap<>(training);
      t.put("best_episode", bestEpisode);
      t.put("best_valid_score", bestScore);
      bestModel = new TrainedOptimizer(cfg.optimizer(), best, t);
    }
    return new TrainingResult(
        bestModel, validations, trainSteps, validSteps, diverged, last, cfg.epochs(), metaIter,
        bestScore, bestEpisode);
  }

  /** A validation's score (+Infinity if any episode diverged) and its diverged episodes. */
  private record ValidationScore(double score, int diverged) {}

  private ValidationScore validate(
      Session session, Optimizee problem, RolloutProgram valid, float[] weights, int index) {
    long[] seeds = new long[cfg.validEpisodes()];
    long base = RunSeeds.mix(cfg.seed(), -1L - index);
    for (int s = 0; s < seeds.length; s++) {
      seeds[s] = RunSeeds.mix(base, s);
    }
    ForwardLoop.Curves c =
        ForwardLoop.run(
            session,
            valid,
            weights,
            new SeededRuns(problem, seeds),
            cfg.nValid(),
            EngineListener.NONE,
            "validation");
    double score = 0;
    int div = 0;
    for (int s = 0; s < seeds.length; s++) {
      if (c.divergedAtStep()[s] >= 0) {
        div++;
      }
      score += c.losses()[s][cfg.nValid()];
    }
    return new ValidationScore(
        div > 0 || !Double.isFinite(score) ? Double.POSITIVE_INFINITY : score, div);
  }

  private long episodeSeed(int episode) {
    return RunSeeds.mix(cfg.seed(), 1L + episode);
  }

  private static boolean allFinite(float[] v) {
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> trainingRecord(long trainSteps, long validSteps, int diverged) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("problem", cfg.problem().id());
    t.put("epochs", cfg.epochs());
    t.put("unroll", cfg.unroll());
    t.put("n_train", cfg.nTrain());
    t.put("n_valid", cfg.nValid());
    t.put("valid_every", cfg.validEvery());
    t.put("valid_episodes", cfg.validEpisodes());
    t.put("meta_lr", cfg.metaLr());
    t.put("batch_size", cfg.batchSize());
    t.put("seed", cfg.seed());
    t.put("train_steps", trainSteps);
    t.put("valid_steps", validSteps);
    t.put("diverged_episodes", diverged);
    if (data != null) {
      t.put("data", data.name() + "/" + data.split());
      t.put("data_verified", data.verified());
    }
    return t;
  }

  @Override
  public String toString() {
    return "MetaTrainer[" + cfg + "]";
  }
}
