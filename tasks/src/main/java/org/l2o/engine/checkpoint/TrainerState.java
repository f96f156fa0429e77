package org.l2o.engine.checkpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2o.engine.MomentState;
import org.l2o.engine.ValidationRecord;
import org.l2o.engine.curriculum.CurriculumController;

/**
 * Everything the meta-trainer needs to continue a run exactly, taken at an episode boundary
 * (after the episode and any validation it triggered). Every random stream of a run is a pure
 * function of the run seed and a position (the episode number, the validation index, the number
 * of episode kinds drawn), so positions stand in for generator states.
 *
 * @param episode training episodes completed
 * @param weights the learned optimizer's weights now
 * @param best the best snapshot's weights, or null when none was saved
 * @param stoppedAt the weights when a stop decision ended training, or null
 * @param metaOptimizer the meta-loss optimizer's moments
 * @param imitationOptimizer the imitation loss optimizer's moments, or null without imitation
 * @param metaIterations meta-loss steps applied (they number the {@code meta_loss} metric)
 * @param imitationIterations imitation-loss steps applied
 * @param validationsRun validations run (each draws its episodes from its index)
 * @param episodeKindsDrawn draws of the episode-kind sampler (one per episode)
 * @param teachersPicked teachers handed out by the round robin
 * @param curriculum the curriculum controller's state
 * @param validations every validation so far, as the result reports them
 * @param divergedEpisodes training episodes cut short so far
 * @param imitationEpisodes imitation episodes so far
 * @param imitationSteps optimizee steps of imitation episodes so far
 * @param teacherEpisodes imitation episodes per teacher
 * @param lastEpisodeLoss the last meta-loss episode's final loss (for the progress line)
 * @param lastValid the last validation score (for the progress line)
 * @param carriedState the learned optimizer's state the next episode starts from (L2O-Scale's
 *     recipe carries it across episodes; one array per state slot), or null
 * @param objectiveExamples the last training unroll's objective subset (L2O-Scale's validation
 *     scores on it), or null
 */
public record TrainerState(
    long episode,
    float[] weights,
    float[] best,
    float[] stoppedAt,
    MomentState metaOptimizer,
    MomentState imitationOptimizer,
    long metaIterations,
    long imitationIterations,
    int validationsRun,
    long episodeKindsDrawn,
    long teachersPicked,
    CurriculumController.State curriculum,
    List<ValidationRecord> validations,
    int divergedEpisodes,
    int imitationEpisodes,
    long imitationSteps,
    Map<String, Integer> teacherEpisodes,
    double lastEpisodeLoss,
    double lastValid,
    float[][] carriedState,
    int[] objectiveExamples) {

  public TrainerState {
    if (episode < 0) {
      throw new IllegalArgumentException("checkpoint episode must be >= 0, got " + episode);
    }
    weights = Objects.requireNonNull(weights, "weights").clone();
    best = best == null ? null : best.clone();
    stoppedAt = stoppedAt == null ? null : stoppedAt.clone();
    Objects.requireNonNull(metaOptimizer, "metaOptimizer");
    Objects.requireNonNull(curriculum, "curriculum");
    validations = List.copyOf(validations);
    teacherEpisodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(teacherEpisodes));
    carriedState = carriedState == null ? null : copy(carriedState);
    objectiveExamples = objectiveExamples == null ? null : objectiveExamples.clone();
    for (float[] other : new float[][] {best, stoppedAt}) {
      if (other != null && other.length != weights.length) {
        throw new IllegalArgumentException(
            "checkpoint: snapshot of " + other.length + " weights beside " + weights.length);
      }
    }
  }

  /** A state without a carried optimizer state or objective subset (L2O-DM's recipe). */
  public TrainerState(
      long episode, float[] weights, float[] best, float[] stoppedAt, MomentState metaOptimizer,
      MomentState imitationOptimizer, long metaIterations, long imitationIterations,
      int validationsRun, long episodeKindsDrawn, long teachersPicked,
      CurriculumController.State curriculum, List<ValidationRecord> validations,
      int divergedEpisodes, int imitationEpisodes, long imitationSteps,
      Map<String, Integer> teacherEpisodes, double lastEpisodeLoss, double lastValid) {
    this(episode, weights, best, stoppedAt, metaOptimizer, imitationOptimizer, metaIterations,
        imitationIterations, validationsRun, episodeKindsDrawn, teachersPicked, curriculum,
        validations, divergedEpisodes, imitationEpisodes, imitationSteps, teacherEpisodes,
        lastEpisodeLoss, lastValid, null, null);
  }

  private static float[][] copy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }

  @Override
  public float[][] carriedState() {
    return carriedState == null ? null : copy(carriedState);
  }

  @Override
  public int[] objectiveExamples() {
    return objectiveExamples == null ? null : objectiveExamples.clone();
  }

  @Override
  public float[] weights() {
    return weights.clone();
  }

  @Override
  public float[] best() {
    return best == null ? null : best.clone();
  }

  @Override
  public float[] stoppedAt() {
    return stoppedAt == null ? null : stoppedAt.clone();
  }

  @Override
  public String toString() {
    return "TrainerState[episode=" + episode + ", " + weights.length + " weights, stage="
        + curriculum.stage() + ", validations=" + validations.size() + "]";
  }
}
