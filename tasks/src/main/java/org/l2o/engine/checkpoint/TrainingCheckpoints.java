package org.l2o.engine.checkpoint;

import java.util.Optional;

/**
 * Where the meta-trainer gets a state to resume from, and hands its state at every episode
 * boundary. The engine decides nothing about when or where to write: a stage does (every so many
 * episodes, every few minutes, on a signal).
 */
public interface TrainingCheckpoints {

  /** The state to continue from, or empty to start afresh. */
  Optional<TrainerState> resume();

  /**
   * Whether {@link #episodeDone} wants states at all; when false the trainer skips building them.
   */
  default boolean enabled() {
    return true;
  }

  /** The state after an episode (and any validation it triggered); cheap to receive. */
  void episodeDone(TrainerState state);

  /** No checkpoints: start afresh, save nothing. */
  TrainingCheckpoints NONE = new TrainingCheckpoints() {
    @Override
    public Optional<TrainerState> resume() {
      return Optional.empty();
    }

    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void episodeDone(TrainerState state) {}
  };
}
