package org.l2o.engine.curriculum;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The model in the trainer's best snapshot: the last one a {@link Decision.Kind#NEW_BEST}
 * asked to save.
 *
 * <p>One slot is enough. Each stage starts from the previous stage's best and takes that model's
 * score at the new, longer N_valid as its baseline, so a stage's best beats everything before it
 * at the horizon that matters now, and a stage that never improves leaves the previous best in
 * the slot.
 *
 * @param epoch the epoch at which it was saved
 * @param stage the stage it was trained in
 * @param nTrain N_train of that stage
 * @param nValid the episode length its score was measured at
 * @param score its validation score at {@code nValid}
 */
public record BestModel(
    @JsonProperty("epoch") long epoch,
    @JsonProperty("stage") int stage,
    @JsonProperty("n_train") int nTrain,
    @JsonProperty("n_valid") int nValid,
    @JsonProperty("score") double score) {}
