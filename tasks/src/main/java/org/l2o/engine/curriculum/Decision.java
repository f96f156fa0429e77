package org.l2o.engine.curriculum;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Objects;

/**
 * What the trainer must do after reporting a validation to the {@link CurriculumController}.
 *
 * @param epoch the epoch of the validation (or of the end of the budget) that led to it
 * @param kind what to do
 * @param fromStage the stage the validation belonged to
 * @param toStage the stage training continues in; equals {@code fromStage} unless advancing
 * @param reason one human-readable sentence, kept in {@code history.json}
 * @param restoreBest whether the trainer must load its saved best snapshot now; false when
 *     nothing was ever saved (no validation scored finite), in which case the current model stays
 */
public record Decision(
    @JsonProperty("epoch") long epoch,
    @JsonProperty("kind") Kind kind,
    @JsonProperty("from_stage") int fromStage,
    @JsonProperty("to_stage") int toStage,
    @JsonProperty("reason") String reason,
    @JsonProperty("restore_best") boolean restoreBest) {

  /** The trainer's next move. */
  public enum Kind {
    /** Keep training in the same stage; nothing to save. */
    @JsonProperty("continue")
    CONTINUE,
    /** The score improved the stage's best: save a snapshot (overwrite the single best slot). */
    @JsonProperty("new_best")
    NEW_BEST,
    /**
     * The stage ended after improving: restore the best snapshot, validate it at the new stage's
     * N_valid and report that score with {@link CurriculumController#reportBaseline}.
     */
    @JsonProperty("advance")
    ADVANCE,
    /** The stage ended without improving (saturated): restore the best snapshot and stop. */
    @JsonProperty("stop")
    STOP,
    /** The last stage ended after improving; no stage is left: restore the best and stop. */
    @JsonProperty("exhausted")
    EXHAUSTED,
    /** The epoch budget ran out before the schedule decided: restore the best and stop. */
    @JsonProperty("budget_spent")
    BUDGET_SPENT;

    /** The lower-case name used in events and JSON. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Decision {
    Objects.requireNonNull(kind, "kind");
    reason = reason == null ? "" : reason;
  }

  /** Whether the trainer must save the current model as the best snapshot. */
  @JsonIgnore
  public boolean saveSnapshot() {
    return kind == Kind.NEW_BEST;
  }
}
