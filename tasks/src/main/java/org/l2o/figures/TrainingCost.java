package org.l2o.figures;

import java.util.Objects;

/**
 * What meta-training one learned-optimizer variant cost, in optimizee steps; claim (2) compares
 * L2O-DM-CL's against L2O-DM-AUG's.
 *
 * @param variant optimizer id, such as {@code dm-cl}
 * @param trainSteps optimizee steps taken in meta-training episodes (episodes x N_train summed
 *     over curriculum stages): what the paper calls training iterations
 * @param validSteps optimizee steps spent in validation episodes (forward only); reported, not
 *     part of the paper's count
 * @param note free text, such as "best model saved during N_train = 500"
 */
public record TrainingCost(String variant, long trainSteps, long validSteps, String note) {

  public TrainingCost {
    Objects.requireNonNull(variant, "variant");
    if (trainSteps < 0 || validSteps < 0) {
      throw new IllegalArgumentException(
          variant + ": trainSteps = " + trainSteps + ", validSteps = " + validSteps
              + ", expected counts >= 0");
    }
    note = note == null ? "" : note;
  }
}
