package org.l2o.engine.problem;

import java.util.Random;

/**
 * The independent random streams of one optimizee run, derived from one seed.
 *
 * <p>A run's initial parameters, its minibatch sequence and its problem instance each come from
 * their own stream, so two optimizers given the same seed see the same init and the same batches
 * whatever they do with them. {@link java.util.Random} is used because its algorithm is fixed by
 * its specification, so a seed means the same numbers on every JDK.
 */
public final class RunSeeds {

  private static final long INIT = 0x1L;
  private static final long BATCHES = 0x2L;
  private static final long INSTANCE = 0x3L;

  private RunSeeds() {}

  /** The stream for the initial optimizee parameters. */
  public static Random init(long seed) {
    return new Random(mix(seed, INIT));
  }

  /** The stream for the minibatch indices. */
  public static Random batches(long seed) {
    return new Random(mix(seed, BATCHES));
  }

  /** The stream for the problem instance (the quadratic's W and y). */
  public static Random instance(long seed) {
    return new Random(mix(seed, INSTANCE));
  }

  /** A well-spread 64-bit seed for {@code (seed, salt)} (SplitMix64 finaliser). */
  public static long mix(long seed, long salt) {
    long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
