package org.l2o.data;

import java.util.List;

/**
 * One block of examples inside a fetched file: the whole IDX file, or one CIFAR batch.
 *
 * @param name the IDX file name, or the batch's name inside the tarball ("data_batch_1")
 * @param count examples (images or labels)
 * @param shape per-example shape as stored: [rows, cols] for IDX images, [3, 32, 32] for CIFAR
 *     (channels first on disk), empty for IDX labels
 * @param classCounts examples per class when the part holds labels, else empty
 */
public record FilePart(String name, int count, List<Integer> shape, List<Integer> classCounts) {
  public FilePart {
    shape = shape == null ? List.of() : List.copyOf(shape);
    classCounts = classCounts == null ? List.of() : List.copyOf(classCounts);
  }
}
