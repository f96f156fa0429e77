package org.l2o.engine.curriculum;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One validation in {@code history.json}.
 *
 * @param epoch the training epoch after which it ran
 * @param stage the curriculum stage it scored for
 * @param nTrain N_train of that stage
 * @param nValid the episode length it validated at
 * @param score sum of the final optimizee losses over the validation episodes (lower is better;
 *     NaN or infinite when training diverged)
 * @param isBest whether this validation improved its stage's best, i.e. its model became the
 *     saved best snapshot
 * @param baseline whether this was the re-validation of the restored best model at a new stage's
 *     longer N_valid (the stage's baseline; it does not count towards N_period)
 */
public record ValidationRecord(
    @JsonProperty("epoch") long epoch,
    @JsonProperty("stage") int stage,
    @JsonProperty("n_train") int nTrain,
    @JsonProperty("n_valid") int nValid,
    @JsonProperty("score") double score,
    @JsonProperty("is_best") boolean isBest,
    @JsonProperty("baseline") boolean baseline) {}
