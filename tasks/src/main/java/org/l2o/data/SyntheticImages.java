package org.l2o.data;

import java.util.Random;

/**
 * Learnable synthetic image datasets for benchmarks and tests: each class has a random prototype
 * image and every example mixes its class prototype with uniform noise. They are labelled
 * "synthetic-..." and unverified so that nothing mistakes them for MNIST or CIFAR-10.
 */
public final class SyntheticImages {

  /** How much of each example is its class prototype (the rest is noise). */
  public static final float PROTOTYPE_WEIGHT = 0.6f;

  private SyntheticImages() {}

  /** {@code count} examples shaped like MNIST (28x28x1, 10 classes). */
  public static Dataset mnistLike(int count, long seed) {
    return images("synthetic-mnist", count, 28, 28, 1, 10, seed);
  }

  /** {@code count} examples shaped like CIFAR-10 (32x32x3, 10 classes). */
  public static Dataset cifarLike(int count, long seed) {
    return images("synthetic-cifar10", count, 32, 32, 3, 10, seed);
  }

  /** {@code count} synthetic examples of the given shape, pixels in [0,1]. */
  public static Dataset images(
      String name, int count, int height, int width, int channels, int classes, long seed) {
    Random rng = new Random(seed);
    int f = height * width * channels;
    float[][] prototypes = new float[classes][f];
    for (float[] p : prototypes) {
      for (int i = 0; i < f; i++) {
        p[i] = rng.nextFloat();
      }
    }
    float[] images = new float[count * f];
    int[] labels = new int[count];
    for (int n = 0; n < count; n++) {
      int c = rng.nextInt(classes);
      labels[n] = c;
      for (int i = 0; i < f; i++) {
        images[n * f + i] =
            PROTOTYPE_WEIGHT * prototypes[c][i] + (1 - PROTOTYPE_WEIGHT) * rng.nextFloat();
      }
    }
    return new Dataset(name, "train", images, labels, count, height, width, channels, classes, false);
  }
}
