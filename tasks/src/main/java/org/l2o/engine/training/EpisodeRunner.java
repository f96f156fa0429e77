package org.l2o.engine.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.engine.EngineListener;
import org.l2o.engine.MetaOptimizer;
import org.l2o.engine.TrainingRecipe;
import org.l2o.engine.curriculum.EpisodeKind;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.engine.problem.RunSeeds;
import org.l2o.engine.program.ImitationProgram;
import org.l2o.engine.program.MetaObjective;
import org.l2o.engine.program.Rollout;
import org.l2o.engine.program.RolloutInput;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;
import org.l2o.engine.MetricKeys;

/**
 * Runs one training episode of either kind and applies its weight updates in place.
 *
 * <ul>
 *   <li><b>Meta-loss</b> (L2O-DM): a fresh optimizee and a zero optimizer state, N_train steps in
 *       unrolls; after each unroll the summed optimizee losses are differentiated with respect to
 *       the weights and the meta-loss Adam takes one step.
 *   <li><b>Imitation</b> (the authors' L2O-DM-IL code): the teacher runs from a fresh optimizee
 *       init, traced chunk by chunk, recording its gradients g_t and updates dx_t; the learned
 *       optimizer, with its own state carried across chunks, is fed those g_t, and after each
 *       chunk the imitation loss sum_t omega 1/2 ||dx_t - delta_t||^2 / P takes one step of its
 *       own Adam (a second moment state over the same weights).
 * </ul>
 *
 * <p>A non-finite loss, trajectory or gradient ends the episode at once without applying that
 * chunk's step: the episode is reported as diverged, never thrown. (With a meta-optimizer that
 * makes gradients finite itself, L2O-Scale's RMSProp, only a non-finite loss does.)
 *
 * <p>The programs' {@link TrainingRecipe} adds L2O-Scale's ways: optimizees start N(0, 1); a
 * log-ratio objective gets a fresh subset of examples per unroll ({@link ObjectiveSubsets}), and
 * f0 from the episode's first unroll; the optimizer state carries over from episode to episode
 * (the state at the start of the previous episode's last unroll, as the authors' code hands it
 * on); and the imitation loss may share the meta-optimizer.
 */
public final class EpisodeRunner {

  /** Metric key of the meta-loss, step = meta-loss iteration. */
  public static final String METRIC_META_LOSS = MetricKeys.META_LOSS;

  /** Metric key of the imitation loss, step = imitation iteration. */
  public static final String METRIC_IMITATION_LOSS = MetricKeys.IMITATION_LOSS;

  /**
   * What an episode did.
   *
   * @param kind meta-loss or imitation
   * @param steps optimizee steps run (all of N_train unless it diverged)
   * @param diverged whether it stopped at a non-finite value
   * @param lastLoss the optimizee loss after its last applied chunk (NaN if none), the learned
   *     optimizer's for meta-loss episodes and the teacher's for imitation episodes
   * @param teacher the imitated teacher, or null
   */
  public record Outcome(
      EpisodeKind kind, int steps, boolean diverged, double lastLoss, TeacherSpec teacher) {}

  private final TrainingPrograms programs;
  private final EngineListener listener;
  private final MetaOptimizer metaAdam;
  private final MetaOptimizer imitationAdam;
  private final TrainingRecipe recipe;
  private long metaIterations;
  private long imitationIterations;
  /** The state the next episode starts from when the recipe carries it; null = fresh. */
  private float[][] carried;
  private int[] lastObjectiveExamples;

  /**
   * @param metaAdam the meta-loss's optimizer (L2O-DM: Adam)
   * @param imitationAdam the imitation loss's optimizer over the same weights (L2O-DM: an Adam of
   *     its own; L2O-Scale: the meta-loss's), or null without imitation
   */
  public EpisodeRunner(
      TrainingPrograms programs, EngineListener listener, MetaOptimizer metaAdam,
      MetaOptimizer imitationAdam) {
    this.programs = programs;
    this.listener = listener;
    this.metaAdam = metaAdam;
    this.imitationAdam = imitationAdam;
    this.recipe = programs.recipe();
  }

  /**
   * The optimizer state (one run's) the next episode starts from, when the recipe carries state
   * and an episode has run; else null. Validation starts its runs from it too.
   */
  public float[][] carriedState() {
    return carried;
  }

  /** Continues a resumed run's carried state and objective subset (either may be null). */
  public void resumeCarry(float[][] carriedState, int[] objectiveExamples) {
    this.carried = carriedState;
    this.lastObjectiveExamples = objectiveExamples;
  }

  /** The objective subset of the last training unroll (validation scores on it), or null. */
  public int[] lastObjectiveExamples() {
    return lastObjectiveExamples;
  }

  /** Meta-loss iterations (Adam steps of the meta-loss) so far. */
  public long metaIterations() {
    return metaIterations;
  }

  /** Imitation iterations (Adam steps of the imitation loss) so far. */
  public long imitationIterations() {
    return imitationIterations;
  }

  /** The meta-loss's optimizer, whose moments a checkpoint keeps. */
  public MetaOptimizer metaOptimizer() {
    return metaAdam;
  }

  /** The imitation loss's optimizer, or null without imitation. */
  public MetaOptimizer imitationOptimizer() {
    return imitationAdam;
  }

  /** Continues the iteration counts of a resumed run (they number the logged metric steps). */
  public void resumeCounts(long metaIterations, long imitationIterations) {
    this.metaIterations = metaIterations;
    this.imitationIterations = imitationIterations;
  }

  /** One meta-loss episode of {@code nTrain} steps from {@code seed}; updates {@code weights}. */
  public Outcome metaLoss(float[] weights, long seed, int nTrain, long epoch) {
    SeededRuns run = new SeededRuns(programs.problem(), new long[] {seed}, recipe.trainInitStddev());
    float[] theta = run.initialTheta();
    float[] instance = run.instances();
    ObjectiveSubsets subsets = subsets(seed);
    boolean logRatio = recipe.objective() instanceof MetaObjective.LogRatio;
    int u = programs.chunk(nTrain);
    float[][] state = startState(programs.train(u).initialState(new long[] {seed}));
    float[][] unrollStart = state;
    float[] f0 = null;
    int done = 0;
    double lastLoss = Double.NaN;
    while (done < nTrain) {
      int len = Math.min(u, nTrain - done);
      RolloutProgram p = programs.train(len);
      ObjectiveSubsets.Unroll data = subsets == null ? null : subsets.next(len);
      unrollStart = state;
      Rollout r = p.run(programs.session(),
          new RolloutInput(weights, theta, state, done + 1,
              data == null ? run.nextBatches(len) : data.batches(), instance,
              data == null ? null : data.examples(), f0));
      done += len;
      double meta = 0;
      if (logRatio) {
        meta = r.metaLoss();
      } else {
        for (int k = 1; k <= len; k++) {
          meta += r.losses()[k];
        }
      }
      if (!Double.isFinite(meta)
          || (!metaAdam.sanitizesGradients() && !allFinite(r.metaGradient()))) {
        diverged("train", epoch, done, Map.of("meta_loss", meta));
        carried = null;
        return new Outcome(EpisodeKind.META_LOSS, done, true, lastLoss, null);
      }
      metaAdam.step(weights, r.metaGradient());
      listener.onMetric(METRIC_META_LOSS, meta, metaIterations++);
      lastLoss = r.losses()[len];
      if (f0 == null && r.objective() != null) {
        f0 = new float[] {r.objective()[0]};
      }
      if (data != null) {
        lastObjectiveExamples = data.examples();
      }
      theta = r.theta();
      state = r.state();
    }
    carry(unrollStart);
    return new Outcome(EpisodeKind.META_LOSS, done, false, lastLoss, null);
  }

  /** The episode's objective subsets, or null when the objective needs none. */
  private ObjectiveSubsets subsets(long seed) {
    return programs.objectiveExamples() > 0
        ? new ObjectiveSubsets(programs.problem(), programs.objectiveExamples(),
            RunSeeds.batches(seed))
        : null;
  }

  /** The carried state if the recipe carries one and there is one, else {@code fresh}. */
  private float[][] startState(float[][] fresh) {
    return recipe.carryState() && carried != null ? carried : fresh;
  }

  private void carry(float[][] state) {
    if (recipe.carryState()) {
      carried = state;
    }
  }

  /**
   * One imitation episode of {@code nTrain} teacher steps from {@code seed}; updates {@code
   * weights} with the imitation loss's Adam.
   */
  public Outcome imitation(
      float[] weights, long seed, int nTrain, TeacherSpec teacher, long epoch) {
    if (imitationAdam == null) {
      throw new IllegalStateException(
          "imitation episode requested but the runner has no imitation Adam; build it with one "
              + "when any imitation ratio is > 0");
    }
    SeededRuns run = new SeededRuns(programs.problem(), new long[] {seed}, recipe.trainInitStddev());
    float[] theta = run.initialTheta();
    float[] instance = run.instances();
    ObjectiveSubsets subsets = subsets(seed);
    float[] hyper = TrainingPrograms.teacherRule(teacher).parameters();
    int u = programs.chunk(nTrain);
    float[][] teacherState = programs.teacher(teacher, u).initialState();
    float[][] state = startState(programs.imitation(u).initialState(seed));
    float[][] unrollStart = state;
    int done = 0;
    double lastLoss = Double.NaN;
    while (done < nTrain) {
      int len = Math.min(u, nTrain - done);
      // The teacher sees the learner's data: the same subsets' minibatches in L2O-Scale.
      ObjectiveSubsets.Unroll data = subsets == null ? null : subsets.next(len);
      Rollout tr = programs.teacher(teacher, len).run(programs.session(),
          new RolloutInput(hyper, theta, teacherState, done + 1,
              data == null ? run.nextBatches(len) : data.batches(), instance));
      done += len;
      unrollStart = state;
      if (!allFinite(tr.losses()) || !allFinite(tr.gradients()) || !allFinite(tr.deltas())) {
        diverged("imitation", epoch, done, Map.of("teacher", teacher.toString(), "cause",
            "the teacher's trajectory turned non-finite"));
        carried = null;
        return new Outcome(EpisodeKind.IMITATION, done, true, lastLoss, teacher);
      }
      ImitationProgram ip = programs.imitation(len);
      ImitationProgram.Step st = ip.run(
          programs.session(), weights, tr.gradients(), tr.deltas(), state, done - len + 1);
      if (!Float.isFinite(st.loss())
          || (!imitationAdam.sanitizesGradients() && !allFinite(st.gradient()))) {
        diverged("imitation", epoch, done, Map.of("teacher", teacher.toString(),
            "imitation_loss", (double) st.loss()));
        carried = null;
        return new Outcome(EpisodeKind.IMITATION, done, true, lastLoss, teacher);
      }
      imitationAdam.step(weights, st.gradient());
      listener.onMetric(METRIC_IMITATION_LOSS, st.loss(), imitationIterations++);
      lastLoss = tr.losses()[len];
      if (data != null) {
        lastObjectiveExamples = data.examples();
      }
      theta = tr.theta();
      teacherState = tr.state();
      state = st.state();
    }
    carry(unrollStart);
    return new Outcome(EpisodeKind.IMITATION, done, false, lastLoss, teacher);
  }

  private void diverged(String phase, long epoch, int step, Map<String, Object> more) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("phase", phase);
    d.put("episode", epoch);
    d.put("step", step);
    d.putAll(more);
    listener.onEvent("diverged", d);
  }

  static boolean allFinite(float[] v) {
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "EpisodeRunner[" + programs + ", meta=" + metaAdam + ", imitation=" + imitationAdam
        + "]";
  }
}
