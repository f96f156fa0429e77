package org.l2o.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.l2o.data.Dataset;
import org.l2o.engine.checkpoint.TrainerState;
import org.l2o.engine.checkpoint.TrainingCheckpoints;
import org.l2o.engine.curriculum.CurriculumController;
import org.l2o.engine.curriculum.CurriculumHistory;
import org.l2o.engine.curriculum.CurriculumSchedule;
import org.l2o.engine.curriculum.Decision;
import org.l2o.engine.curriculum.EpisodeKind;
import org.l2o.engine.curriculum.EpisodeKindSampler;
import org.l2o.engine.curriculum.TeacherRoundRobin;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.l2o.engine.problem.RunSeeds;
import org.l2o.engine.training.EpisodeRunner;
import org.l2o.engine.training.TrainingPrograms;
import org.l2o.engine.training.Validator;

/**
 * Meta-trains a learned optimizer: L2O-DM (the paper's baseline), with curriculum learning
 * (L2O-DM-CL), imitation learning (L2O-DM-IL) or both (L2O-DM-CL-IL), for either architecture.
 *
 * <p><b>Episodes.</b> Each episode starts a fresh optimizee (its own seed) and a zero optimizer
 * state. With probability r of the current stage it is an imitation episode (a teacher, taken
 * round-robin, runs and the learned optimizer learns to reproduce its updates, with the
 * imitation loss's own Adam); otherwise it is a meta-loss episode (N_train steps in unrolls, one
 * meta-Adam step per unroll on the summed optimizee losses, second derivatives dropped). See
 * {@link EpisodeRunner}.
 *
 * <p><b>Validation and the kept model.</b> A {@link CurriculumController} decides. Without a
 * curriculum it has one keep-best stage: every {@code validEvery} episodes, and after the last
 * one, {@code validEpisodes} fresh episodes of N_valid steps run forward only, and the
 * best-scoring weights are kept. With a curriculum, validation runs at the next stage's length
 * and the stop-and-advance rule of the paper's section 3.1 applies: when a stage ends its best snapshot is restored
 * and re-validated at the new stage's N_valid (the new stage's baseline); a stage that never
 * improves stops training, and so does the end of the schedule; training also ends when the
 * {@code epochs} budget is spent, with the best snapshot restored. Snapshots hold the weights
 * only; the meta-optimizers' moments carry on across a restore.
 *
 * <p><b>Divergence.</b> A training episode of either kind whose losses, trajectory or gradient
 * turn non-finite stops at once, its step is not applied, and it is counted; a validation with a
 * diverged episode scores +Infinity and never improves.
 *
 * <p><b>L2O-Scale.</b> The config's {@link TrainingRecipe} switches the parts in which the
 * authors' L2O-Scale code differs from their L2O-DM code: the meta-optimizer (RMSProp with
 * clipping, shared by the imitation loss), the log-ratio objective on subsets, the optimizees'
 * N(0, 1) start, the optimizer state carried across episodes and the mean-F validation score.
 *
 * <p><b>Cost.</b> Optimizee steps of training episodes (both kinds) and of validation episodes
 * (baselines included) are counted apart, in total and per stage ({@link TrainingResult},
 * {@link CurriculumHistory}).
 */
public final class MetaTrainer {

  /** Salt of the episode-kind sampler's seed, so that it draws apart from episode seeds. */
  private static final long SAMPLER_SALT = 0x1A_1EL;

  private final MetaTrainConfig cfg;
  private final Dataset data;
  private final EngineListener listener;
  private final TrainingCheckpoints checkpoints;

  public MetaTrainer(MetaTrainConfig cfg, Dataset trainSplit, EngineListener listener) {
    this(cfg, trainSplit, listener, TrainingCheckpoints.NONE);
  }

  /**
   * @param checkpoints where a resumed run's state comes from and where every episode's state
   *     goes; a resumed run continues bit for bit as the uninterrupted one would have (one thread)
   */
  public MetaTrainer(
      MetaTrainConfig cfg, Dataset trainSplit, EngineListener listener,
      TrainingCheckpoints checkpoints) {
    this.cfg = cfg;
    this.data = trainSplit;
    this.listener = listener == null ? EngineListener.NONE : listener;
    this.checkpoints = checkpoints == null ? TrainingCheckpoints.NONE : checkpoints;
    if (cfg.problem().needsData() && trainSplit == null) {
      throw new IllegalArgumentException(
          "meta-training on " + cfg.problem().id() + " needs its " + cfg.problem().dataset()
              + " training split; got null");
    }
  }

  /** Runs the episodes the schedule and budget allow and returns the kept model and history. */
  public TrainingResult train() {
    Optimizee problem = Optimizees.create(cfg.problem(), data, cfg.batchSize());
    TrainedOptimizer init = TrainedOptimizer.untrained(cfg.optimizer(), cfg.seed());
    try (TrainingPrograms programs = new TrainingPrograms(cfg, problem, init.rule())) {
      return new Run(programs, init.weights()).loop();
    }
  }

  /** The mutable state of one training run. */
  private final class Run {
    private final CurriculumSchedule schedule = cfg.schedule();
    private final CurriculumController controller = new CurriculumController(schedule, listener);
    private final EpisodeKindSampler sampler =
        new EpisodeKindSampler(RunSeeds.mix(cfg.seed(), SAMPLER_SALT));
    private final TeacherRoundRobin teachers =
        cfg.ilTeachers().isEmpty() ? null : new TeacherRoundRobin(cfg.ilTeachers());
    private final float[] weights;
    private final int[] tensorSizes;
    private final EpisodeRunner episodes;
    private final Validator validator;
    private final List<ValidationRecord> validations = new ArrayList<>();
    private float[] best;
    /** The weights when training stopped, kept before a stop or exhausted decision restores. */
    private float[] stoppedAt;
    private int diverged;
    private int imitationEpisodes;
    private long imitationSteps;
    private final Map<String, Integer> teacherEpisodes = new LinkedHashMap<>();
    private double lastEpisodeLoss = Double.NaN;
    private double lastValid = Double.NaN;

    Run(TrainingPrograms programs, float[] weights) {
      this.weights = weights;
      this.tensorSizes = programs.problem().tensorSizes();
      MetaOptimizer meta = cfg.recipe().newMetaOptimizer(weights.length, cfg.metaLr());
      MetaOptimizer il =
          !cfg.imitation()
              ? null
              : cfg.recipe().sharedImitationOptimizer()
                  ? meta
                  : new MetaAdam(weights.length, cfg.ilLr());
      this.episodes = new EpisodeRunner(programs, listener, meta, il);
      this.validator = new Validator(programs, cfg.validEpisodes(), cfg.seed());
    }

    TrainingResult loop() {
      long epoch = resume();
      while (!controller.finished() && epoch < cfg.epochs()) {
        epoch++;
        trainOneEpisode(epoch);
        boolean finalOne = !schedule.isCurriculum() && epoch == cfg.epochs();
        if (controller.validationDue(epoch) || finalOne) {
          validateAndDecide(epoch);
        }
        listener.onProgress(epoch, cfg.epochs(), String.format(Locale.ROOT,
            "stage %d (N_train %d) · episode loss %.4g · valid %s · diverged %d",
            controller.stage(), controller.nTrain(), lastEpisodeLoss,
            Double.isNaN(lastValid) ? "pending" : String.format(Locale.ROOT, "%.4g", lastValid), diverged));
        if (checkpoints.enabled()) {
          checkpoints.episodeDone(state(epoch));
        }
      }
      float[] last = stoppedAt != null ? stoppedAt : weights.clone();
      if (!controller.finished()) {
        Decision d = controller.budgetSpent(epoch);
        if (d.restoreBest()) {
          restore(epoch, d);
        }
      }
      listener.onMetric(MetricKeys.DIVERGED_EPISODES, diverged, epoch);
      return result((int) epoch, last);
    }

    /** Continues from the checkpoint's state, if there is one; returns the episodes done. */
    private long resume() {
      TrainerState s = checkpoints.resume().orElse(null);
      if (s == null) {
        return 0;
      }
      if (s.weights().length != weights.length || s.episode() > cfg.epochs()) {
        throw new IllegalArgumentException(
            "checkpoint at episode " + s.episode() + " with " + s.weights().length
                + " weights does not fit this run (" + weights.length + " weights, "
                + cfg.epochs() + " episodes)");
      }
      System.arraycopy(s.weights(), 0, weights, 0, weights.length);
      best = s.best();
      stoppedAt = s.stoppedAt();
      episodes.metaOptimizer().restore(s.metaOptimizer());
      if (s.imitationOptimizer() != null) {
        episodes.imitationOptimizer().restore(s.imitationOptimizer());
      }
      episodes.resumeCounts(s.metaIterations(), s.imitationIterations());
      episodes.resumeCarry(s.carriedState(), s.objectiveExamples());
      validator.resumeAt(s.validationsRun());
      sampler.skipTo(s.episodeKindsDrawn());
      if (teachers != null) {
        teachers.resumeAt(s.teachersPicked());
      }
      controller.restore(s.curriculum());
      validations.addAll(s.validations());
      diverged = s.divergedEpisodes();
      imitationEpisodes = s.imitationEpisodes();
      imitationSteps = s.imitationSteps();
      teacherEpisodes.putAll(s.teacherEpisodes());
      lastEpisodeLoss = s.lastEpisodeLoss();
      lastValid = s.lastValid();
      listener.onEvent("resumed", Map.of("episode", s.episode(), "episodes", cfg.epochs(),
          "weights_checksum", checksum(weights)));
      listener.onProgress(s.episode(), cfg.epochs(),
          "resumed at episode " + s.episode() + " of " + cfg.epochs());
      return s.episode();
    }

    /** A deep copy of everything {@link #resume} needs, after episode {@code epoch}. */
    private TrainerState state(long epoch) {
      MetaOptimizer il = episodes.imitationOptimizer();
      return new TrainerState(epoch, weights, best, stoppedAt,
          episodes.metaOptimizer().state(), il == null ? null : il.state(),
          episodes.metaIterations(), episodes.imitationIterations(), validator.count(),
          sampler.drawn(), teachers == null ? 0 : teachers.picked(), controller.state(),
          validations, diverged, imitationEpisodes, imitationSteps, teacherEpisodes,
          lastEpisodeLoss, lastValid, episodes.carriedState(), episodes.lastObjectiveExamples());
    }

    private void trainOneEpisode(long epoch) {
      int nTrain = controller.nTrain();
      long seed = episodeSeed(epoch);
      EpisodeKind kind = sampler.next(controller.imitationRatio());
      EpisodeRunner.Outcome o;
      if (kind == EpisodeKind.IMITATION) {
        TeacherSpec teacher = teachers.next();
        o = episodes.imitation(weights, seed, nTrain, teacher, epoch);
        imitationEpisodes++;
        teacherEpisodes.merge(teacher.toString(), 1, Integer::sum);
        imitationSteps += o.steps();
      } else {
        o = episodes.metaLoss(weights, seed, nTrain, epoch);
        if (!o.diverged()) {
          listener.onMetric(MetricKeys.EPISODE_FINAL_LOSS, o.lastLoss(), epoch);
          lastEpisodeLoss = o.lastLoss();
        }
      }
      controller.addTrainSteps(o.steps());
      if (o.diverged()) {
        diverged++;
        listener.onMetric(MetricKeys.DIVERGED_EPISODES, diverged, epoch);
      }
    }

    private void validateAndDecide(long epoch) {
      int stage = controller.stage();
      int nValid = controller.nValid();
      Validator.Score vs = validate(nValid);
      Decision d = controller.reportValidation(epoch, vs.score());
      record(epoch, stage, nValid, vs, d.saveSnapshot(), false);
      switch (d.kind()) {
        case NEW_BEST -> {
          best = weights.clone();
          listener.onEvent("snapshot", Map.of("episode", epoch, "stage", stage, "score",
              vs.score(), "weights_checksum", checksum(best)));
        }
        case ADVANCE -> {
          restore(epoch, d);
          int next = controller.nValid();
          Validator.Score base = validate(next);
          controller.reportBaseline(epoch, base.score());
          record(epoch, controller.stage(), next, base, false, true);
        }
        case STOP, EXHAUSTED -> {
          stoppedAt = weights.clone();
          if (d.restoreBest()) {
            restore(epoch, d);
          }
        }
        default -> { }
      }
    }

    private Validator.Score validate(int nValid) {
      Validator.Score vs = validator.validate(
          weights, nValid, episodes.carriedState(), episodes.lastObjectiveExamples());
      controller.addValidSteps(validator.cost(nValid));
      lastValid = vs.score();
      return vs;
    }

    private void record(
        long epoch, int stage, int nValid, Validator.Score vs, boolean improved,
        boolean baseline) {
      validations.add(new ValidationRecord((int) epoch, vs.score(), vs.diverged(), improved));
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("episode", epoch);
      e.put("stage", stage);
      e.put("n_valid", nValid);
      e.put("score", vs.score());
      e.put("diverged", vs.diverged());
      e.put("improved", improved);
      e.put("baseline", baseline);
      e.putAll(vs.updates());
      listener.onEvent("validation", e);
      if (!baseline) {
        vs.updates().forEach((k, v) -> listener.onMetric(k, v, epoch));
      }
    }

    /** Loads the best snapshot into the weights, as decision {@code d} asks. */
    private void restore(long epoch, Decision d) {
      if (best == null) {
        throw new IllegalStateException(
            "curriculum decision " + d.kind().label() + " at epoch " + epoch
                + " asks to restore the best snapshot, but none was saved; the controller "
                + "only asks after a new_best");
      }
      System.arraycopy(best, 0, weights, 0, weights.length);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("episode", epoch);
      e.put("decision", d.kind().label());
      e.put("restored_episode", controller.best().epoch());
      e.put("restored_stage", controller.best().stage());
      e.put("restored_score", controller.best().score());
      e.put("weights_checksum", checksum(best));
      listener.onEvent("restore", e);
    }

    private TrainingResult result(int epochs, float[] last) {
      CurriculumHistory history = controller.history();
      Map<String, Object> training = trainingRecord(history, epochs);
      TrainedOptimizer lastModel = new TrainedOptimizer(cfg.optimizer(), last, training);
      TrainedOptimizer bestModel = lastModel;
      double bestScore = Double.POSITIVE_INFINITY;
      int bestEpisode = -1;
      if (best != null && controller.best() != null) {
        bestScore = controller.best().score();
        bestEpisode = (int) controller.best().epoch();
        Map<String, Object> t = new LinkedHashMap<>(training);
        t.put("best_episode", bestEpisode);
        t.put("best_valid_score", bestScore);
        t.put("best_stage", controller.best().stage());
        t.put("best_n_valid", controller.best().nValid());
        bestModel = new TrainedOptimizer(cfg.optimizer(), best, t);
      }
      return new TrainingResult(
          bestModel, validations, controller.trainSteps(), controller.validSteps(), diverged,
          lastModel, epochs, episodes.metaIterations(), bestScore, bestEpisode,
          imitationEpisodes, imitationSteps, episodes.imitationIterations(), history);
    }

    private Map<String, Object> trainingRecord(CurriculumHistory history, int epochs) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("problem", cfg.problem().id());
      t.put("epochs", cfg.epochs());
      t.put("episodes_run", epochs);
      t.put("unroll", cfg.unroll());
      t.put("n_train", schedule.isCurriculum() ? schedule.nTrain() : cfg.nTrain());
      t.put("n_valid", schedule.isCurriculum() ? schedule.nValid() : cfg.nValid());
      t.put("valid_every", cfg.validEvery());
      t.put("valid_episodes", cfg.validEpisodes());
      t.put("meta_lr", cfg.metaLr());
      t.put("batch_size", cfg.batchSize());
      t.put("seed", cfg.seed());
      t.put("train_steps", controller.trainSteps());
      t.put("valid_steps", controller.validSteps());
      t.put("diverged_episodes", diverged);
      if (schedule.isCurriculum()) {
        t.put("cl_min_validations", cfg.clMinValidations());
        t.put("cl_outcome", history.outcome() == null ? null : history.outcome().label());
        t.put("cl_stages_entered", history.stages().size());
      }
      if (cfg.imitation()) {
        t.put("il_teachers", cfg.ilTeachers().stream().map(TeacherSpec::toString).toList());
        t.put("il_ratio", schedule.isCurriculum() ? cfg.ilRatios() : cfg.ilRatios().get(0));
        t.put("il_weight", cfg.ilWeight());
        t.put("il_lr", cfg.ilLr());
        t.put("imitation_episodes", imitationEpisodes);
        t.put("imitation_steps", imitationSteps);
        t.put("imitation_episodes_per_teacher", new LinkedHashMap<>(teacherEpisodes));
      }
      if (!cfg.recipe().equals(TrainingRecipe.DM)) {
        t.put("meta_optimizer", cfg.recipe().metaOptimizer());
        t.put("meta_clip", cfg.recipe().metaClip());
        t.put("meta_objective", cfg.recipe().objective().toString());
        t.put("train_init_stddev", cfg.recipe().trainInitStddev());
        t.put("carry_state", cfg.recipe().carryState());
      }
      if (cfg.optimizer().isScale()) {
        t.put(TrainedOptimizer.TENSOR_SIZES_KEY,
            java.util.Arrays.stream(tensorSizes).boxed().toList());
      }
      if (data != null) {
        t.put("data", data.name() + "/" + data.split());
        t.put("data_verified", data.verified());
      }
      return t;
    }
  }

  private long episodeSeed(long epoch) {
    return RunSeeds.mix(cfg.seed(), epoch);
  }

  /**
   * A cheap fingerprint of a weight vector, so that {@code snapshot} and {@code restore} events
   * show which weights were saved and which were loaded.
   */
  public static double checksum(float[] w) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * (1.0 + (i % 7));
    }
    return s;
  }

  @Override
  public String toString() {
    return "MetaTrainer[" + cfg + "]";
  }
}
