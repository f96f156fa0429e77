package org.l2o.engine.training;

import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.engine.EngineListener;
import org.l2o.engine.MetaOptimizer;
import org.l2o.engine.curriculum.EpisodeKind;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.engine.program.ImitationProgram;
import org.l2o.engine.program.Rollout;
import org.l2o.engine.program.RolloutInput;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;

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
 * chunk's step: the episode is reported as diverged, never thrown.
 */
public final class EpisodeRunner {

  /** Metric key of the meta-loss, step = meta-loss iteration. */
  public static final String METRIC_META_LOSS = "meta_loss";

  /** Metric key of the imitation loss, step = imitation iteration. */
  public static final String METRIC_IMITATION_LOSS = "imitation_loss";

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
  private long metaIterations;
  private long imitationIterations;

  /**
   * @param metaAdam the meta-loss's Adam
   * @param imitationAdam the imitation loss's Adam over the same weights, or null without
   *     imitation
   */
  public EpisodeRunner(
      TrainingPrograms programs, EngineListener listener, MetaOptimizer metaAdam,
      MetaOptimizer imitationAdam) {
    this.programs = programs;
    this.listener = listener;
    this.metaAdam = metaAdam;
    this.imitationAdam = imitationAdam;
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
    SeededRuns run = new SeededRuns(programs.problem(), new long[] {seed});
    float[] theta = run.initialTheta();
    float[] instance = run.instances();
    int u = programs.chunk(nTrain);
    float[][] state = programs.train(u).initialState();
    int done = 0;
    double lastLoss = Double.NaN;
    while (done < nTrain) {
      int len = Math.min(u, nTrain - done);
      RolloutProgram p = programs.train(len);
      Rollout r = p.run(programs.session(),
          new RolloutInput(weights, theta, state, done + 1, run.nextBatches(len), instance));
      done += len;
      double meta = 0;
      for (int k = 1; k <= len; k++) {
        meta += r.losses()[k];
      }
      if (!Double.isFinite(meta) || !allFinite(r.metaGradient())) {
        diverged("train", epoch, done, Map.of("meta_loss", meta));
        return new Outcome(EpisodeKind.META_LOSS, done, true, lastLoss, null);
      }
      metaAdam.step(weights, r.metaGradient());
      listener.onMetric(METRIC_META_LOSS, meta, metaIterations++);
      lastLoss = r.losses()[len];
      theta = r.theta();
      state = r.state();
    }
    return new Outcome(EpisodeKind.META_LOSS, done, false, lastLoss, null);
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
    SeededRuns run = new SeededRuns(programs.problem(), new long[] {seed});
    float[] theta = run.initialTheta();
    float[] instance = run.instances();
    float[] hyper = TrainingPrograms.teacherRule(teacher).parameters();
    int u = programs.chunk(nTrain);
    float[][] teacherState = programs.teacher(teacher, u).initialState();
    float[][] state = programs.imitation(u).initialState();
    int done = 0;
    double lastLoss = Double.NaN;
    while (done < nTrain) {
      int len = Math.min(u, nTrain - done);
      Rollout tr = programs.teacher(teacher, len).run(programs.session(),
          new RolloutInput(hyper, theta, teacherState, done + 1, run.nextBatches(len), instance));
      done += len;
      if (!allFinite(tr.losses()) || !allFinite(tr.gradients()) || !allFinite(tr.deltas())) {
        diverged("imitation", epoch, done, Map.of("teacher", teacher.toString(), "cause",
            "the teacher's trajectory turned non-finite"));
        return new Outcome(EpisodeKind.IMITATION, done, true, lastLoss, teacher);
      }
      ImitationProgram ip = programs.imitation(len);
      ImitationProgram.Step st = ip.run(
          programs.session(), weights, tr.gradients(), tr.deltas(), state, done - len + 1);
      if (!Float.isFinite(st.loss()) || !allFinite(st.gradient())) {
        diverged("imitation", epoch, done, Map.of("teacher", teacher.toString(),
            "imitation_loss", (double) st.loss()));
        return new Outcome(EpisodeKind.IMITATION, done, true, lastLoss, teacher);
      }
      imitationAdam.step(weights, st.gradient());
      listener.onMetric(METRIC_IMITATION_LOSS, st.loss(), imitationIterations++);
      lastLoss = tr.losses()[len];
      theta = tr.theta();
      teacherState = tr.state();
      state = st.state();
    }
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
