package org.l2o.engine.curriculum;

/** What a meta-training episode optimizes. */
public enum EpisodeKind {
  /** The usual L2O meta-loss: the sum of optimizee losses over each unroll. */
  META_LOSS,
  /** Imitation of a teacher: the imitation loss (paper, eq. 1) over each unroll. */
  IMITATION
}
