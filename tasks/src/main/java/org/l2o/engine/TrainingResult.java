package org.l2o.engine;

import java.util.List;

/**
 * What meta-training produced.
 *
 * @param best the model with the lowest validation score (the last model if no validation had a
 *     finite score)
 * @param validations every validation, in order
 * @param trainSteps optimizee steps taken in training episodes (the paper's cost unit)
 * @param validSteps optimizee steps taken in validation episodes (per episode, summed)
 * @param divergedEpisodes training episodes cut short by a non-finite loss or meta-gradient
 * @param last the model after the last episode
 * @param episodes training episodes run
 * @param metaIterations meta-steps (unrolls) applied
 * @param bestScore the best validation score (+Infinity if none was finite)
 * @param bestEpisode the episode of the best validation (-1 if none)
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
    int bestEpisode) {

  public TrainingResult {
    validations = List.copyOf(validations);
  }
}
