package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator writes SYNTHETIC data; these tests check it is deterministic and learnable. */
class SyntheticDatasetsTest {

  @TempDir Path dir;

  @Test
  void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
    SyntheticDatasets.writeMnistLike(dir.resolve("a"), 50, 10, 1);
    SyntheticDatasets.writeMnistLike(dir.resolve("b"), 50, 10, 1);
    SyntheticDatasets.writeMnistLike(dir.resolve("c"), 50, 10, 2);
    SyntheticDatasets.writeCifarLike(dir.resolve("a"), 50, 10, 1);
    SyntheticDatasets.writeCifarLike(dir.resolve("b"), 50, 10, 1);

    for (String f : new String[] {OfficialDatasets.TRAIN_IMAGES, OfficialDatasets.TEST_LABELS,
        OfficialDatasets.CIFAR_TARBALL}) {
      assertThat(Files.mismatch(dir.resolve("a").resolve(f), dir.resolve("b").resolve(f)))
          .as(f).isEqualTo(-1L);
    }
    assertThat(Files.mismatch(dir.resolve("a").resolve(OfficialDatasets.TRAIN_IMAGES),
        dir.resolve("c").resolve(OfficialDatasets.TRAIN_IMAGES))).isNotEqualTo(-1L);
  }

  @Test
  void mnistLikeClassesAreSeparableByNearestCentroid() throws IOException {
    SyntheticDatasets.writeMnistLike(dir, 500, 200, 11);
    Dataset train = IdxReader.read("synthetic", "train", dir.resolve(OfficialDatasets.TRAIN_IMAGES),
        dir.resolve(OfficialDatasets.TRAIN_LABELS), 10, false);
    Dataset test = IdxReader.read("synthetic", "test", dir.resolve(OfficialDatasets.TEST_IMAGES),
        dir.resolve(OfficialDatasets.TEST_LABELS), 10, false);

    assertThat(train.classCounts()).containsOnly(50);
    assertThat(nearestCentroidAccuracy(train, test)).isGreaterThan(0.9);
  }

  @Test
  void cifarLikeClassesAreSeparableByNearestCentroid() throws IOException {
    SyntheticDatasets.writeCifarLike(dir, 500, 200, 11);
    Path tar = dir.resolve(OfficialDatasets.CIFAR_TARBALL);
    Dataset train = CifarReader.read(tar, "train", false);
    Dataset test = CifarReader.read(tar, "test", false);

    assertThat(train.count()).isEqualTo(500);
    assertThat(test.classCounts()).containsOnly(20);
    assertThat(nearestCentroidAccuracy(train, test)).isGreaterThan(0.9);
  }

  /** A weak classifier: if it separates the classes, an MLP can fit them. */
  static double nearestCentroidAccuracy(Dataset train, Dataset test) {
    int f = train.featureSize();
    double[][] centroid = new double[train.classes()][f];
    int[] n = train.classCounts();
    for (int i = 0; i < train.count(); i++) {
      for (int j = 0; j < f; j++) {
        centroid[train.labels()[i]][j] += train.images()[i * f + j] / n[train.labels()[i]];
      }
    }
    int right = 0;
    for (int i = 0; i < test.count(); i++) {
      int best = -1;
      double bestDist = Double.MAX_VALUE;
      for (int k = 0; k < centroid.length; k++) {
        double d = 0;
        for (int j = 0; j < f; j++) {
          double diff = test.images()[i * f + j] - centroid[k][j];
          d += diff * diff;
        }
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
      right += best == test.labels()[i] ? 1 : 0;
    }
    return right / (double) test.count();
  }
}
