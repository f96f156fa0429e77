package org.l2o.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One split of an image-classification dataset, in memory, as the engine consumes it.
 *
 * <p>{@code images} holds {@code count} examples, each {@code height*width*channels} floats in
 * [0,1], laid out NHWC (channels last, as TF's conv2d expects). {@code labels} holds class ids in
 * [0, classes). {@code verified} is false when the files were not the official ones (for example
 * synthetic test data accepted with {@code data_verify=false}); it travels into every result.
 */
public record Dataset(
    String name,
    String split,
    float[] images,
    int[] labels,
    int count,
    int height,
    int width,
    int channels,
    int classes,
    boolean verified) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(split, "split");
    if (count < 0 || labels.length != count) {
      throw new IllegalArgumentException(
          name + "/" + split + ": " + labels.length + " labels for count " + count);
    }
    if ((long) count * height * width * channels != images.length) {
      throw new IllegalArgumentException(
          name + "/" + split + ": images hold " + images.length + " floats, expected "
              + count + "x" + height + "x" + width + "x" + channels);
    }
  }

  /** Floats per example. */
  public int featureSize() {
    return height * width * channels;
  }

  /** Examples [from, to) as a new dataset (copies). */
  public Dataset slice(int from, int to) {
    if (from < 0 || to > count || from > to) {
      throw new IllegalArgumentException(
          "slice [" + from + ", " + to + ") out of range for " + name + "/" + split + " of " + count);
    }
    int f = featureSize();
    return new Dataset(
        name,
        split + "[" + from + ":" + to + "]",
        Arrays.copyOfRange(images, from * f, to * f),
        Arrays.copyOfRange(labels, from, to),
        to - from,
        height,
        width,
        channels,
        classes,
        verified);
  }

  /** Examples per class, indexed by class id. */
  public int[] classCounts() {
    int[] c = new int[classes];
    for (int l : labels) {
      c[l]++;
    }
    return c;
  }

  @Override
  public String toString() {
    return "Dataset[" + name + "/" + split + ", " + count + " x " + height + "x" + width + "x"
        + channels + ", " + classes + " classes" + (verified ? "" : ", UNVERIFIED") + "]";
  }
}
