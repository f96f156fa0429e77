package org.l2o.engine.curriculum;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one curriculum stage cost and achieved, in {@code history.json}; the report sums
 * {@code trainSteps} to compare CL's iterations with AUG's.
 *
 * @param stage stage index
 * @param nTrain N_train of the stage
 * @param nValid N_valid of the stage
 * @param imitationRatio r of the stage
 * @param validations periodic validations run in the stage (the baseline not included)
 * @param improved whether any validation beat the stage's baseline
 * @param trainSteps optimizee steps of training episodes reported while in the stage
 * @param validSteps optimizee steps of validation episodes reported while in the stage,
 *     including the stage's baseline re-validation
 */
public record StageRecord(
    @JsonProperty("stage") int stage,
    @JsonProperty("n_train") int nTrain,
    @JsonProperty("n_valid") int nValid,
    @JsonProperty("imitation_ratio") double imitationRatio,
    @JsonProperty("validations") int validations,
    @JsonProperty("improved") boolean improved,
    @JsonProperty("train_steps") long trainSteps,
    @JsonProperty("valid_steps") long validSteps) {}
