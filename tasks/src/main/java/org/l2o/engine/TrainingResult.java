package org.l2o.engine;

import java.util.List;
import java.util.Objects;
import org.l2o.engine.curriculum.CurriculumHistory;

/**
 * What meta-training produced.
 *
 * @param best the kept model: the best validated snapshot (with a curriculum, validated at the
 *     longer horizon of its stage), or the last model if no validation had a finite score
 * @param validations every validation in order, curriculum baselines included
 * @param trainSteps optimizee steps taken in training episodes, meta-loss and imitation alike
 *     (the paper's cost unit, "training iterations")
 * @param validSteps optimizee steps taken in validation episodes (per episode, summed), reported
 *     apart from {@code trainSteps}
 * @param divergedEpisodes training episodes (of either kind) cut short by a non-finite loss or
 *     gradient; their meta-step was skipped
 * @param last the model after the last episode, before any final restore of the best
 * @param episodes training episodes run (fewer than the budget when a curriculum stopped)
 * @param metaIterations meta-steps (unrolls) of the meta-loss applied
 * @param bestScore the best validation score (+Infinity if none was finite)
 * @param bestEpisode the episode of the best validation (-1 if none)
 * @param imitationEpisodes training episodes that imitated a teacher
 * @param imitationSteps optimizee steps of those episodes (included in {@code trainSteps})
 * @param imitationIterations steps of the imitation loss's Adam applied
 * @param history every validation and decision, per-stage cost and the outcome: the {@code
 *     history.json} artifact
 */
public record TrainingResult(
    TrainedOptimizer best,
    List<ValidationRecord> validations,
    long trainSteps,
    long validSteps,
    int divergedEpisodes,
    TrainedOptimizer last,
    int episodes,
    long metaIterations,
    double bestScore,
    int bestEpisode,
    int imitationEpisodes,
    long imitationSteps,
    long imitationIterations,
    CurriculumHistory history) {

  public TrainingResult {
    validations = List.copyOf(validations);
    Objects.requireNonNull(history, "history");
  }
}
