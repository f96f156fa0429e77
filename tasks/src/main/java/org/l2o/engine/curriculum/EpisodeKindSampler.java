package org.l2o.engine.curriculum;

import java.util.SplittableRandom;

/**
 * Decides whether each episode is an imitation episode, with probability r (the multi-task
 * ratio), as the authors' code does per whole episode. Seeded so runs repeat; it draws exactly
 * one number per episode whatever r is, so changing r between stages never shifts the stream.
 */
public final class EpisodeKindSampler {

  private final long seed;
  private final SplittableRandom random;
  private long drawn;

  public EpisodeKindSampler(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** The next episode's kind: {@link EpisodeKind#IMITATION} with probability {@code ratio}. */
  public EpisodeKind next(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException(
          "episode sampler: imitation ratio r must be in [0, 1], got " + ratio);
    }
    drawn++;
    return random.nextDouble() < ratio ? EpisodeKind.IMITATION : EpisodeKind.META_LOSS;
  }

  /** Episodes sampled so far. */
  public long drawn() {
    return drawn;
  }

  /**
   * Continues a resumed run where it left off: replays the stream to {@code target} draws (one
   * number per episode, so the position alone fixes the state).
   */
  public void skipTo(long target) {
    if (target < drawn) {
      throw new IllegalArgumentException(
          "episode sampler: cannot go back from " + drawn + " draws to " + target);
    }
    while (drawn < target) {
      random.nextDouble();
      drawn++;
    }
  }

  @Override
  public String toString() {
    return "EpisodeKindSampler(seed=" + seed + ", drawn=" + drawn + ")";
  }
}
