package org.l2o.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.l2o.data.Manifest.DatasetEntry;
import org.l2o.data.Manifest.SplitEntry;

/**
 * Reads the output directory of a fetch ({@code <dataset>/<files>} and {@code manifest.json})
 * into {@link Dataset}s with the official splits.
 *
 * <p>Every file is checked against the manifest (size) before it is read, and every split's count
 * against the manifest after, so that a directory assembled by hand cannot pass for a fetch.
 */
public final class FetchedData {

  /** Training images held out before meta-training (the authors' code). */
  public static final int META_TRAIN_HELD_OUT = Splits.HELD_OUT;

  private final Path dir;
  private final Manifest manifest;

  private FetchedData(Path dir, Manifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /** Opens a fetch output directory. */
  public static FetchedData open(Path fetchOutDir) throws IOException {
    return new FetchedData(fetchOutDir, Manifest.read(fetchOutDir));
  }

  public Manifest manifest() {
    return manifest;
  }

  /** True when every file of every dataset matched an official digest. */
  public boolean verified() {
    return manifest.verified();
  }

  /** The datasets present, in name order. */
  public List<String> datasets() {
    return manifest.datasets().keySet().stream().sorted().toList();
  }

  /**
   * One official split: "train" or "test". MNIST and Fashion-MNIST give 28x28x1 images, CIFAR-10
   * gives 32x32x3 (NHWC); pixels are in [0,1].
   */
  public Dataset load(String dataset, String split) throws IOException {
    DatasetEntry entry = entry(dataset);
    DatasetSpec spec = OfficialDatasets.get(dataset);
    if (!split.equals(Splits.TRAIN) && !split.equals(Splits.TEST)) {
      throw Splits.unknown(split);
    }
    Dataset d =
        switch (spec.format()) {
          case IDX -> IdxReader.read(
              dataset, split, file(entry, dataset, Splits.idxImages(split)),
              file(entry, dataset, Splits.idxLabels(split)), spec.classes(), entry.verified());
          case CIFAR_BINARY -> CifarReader.read(
              file(entry, dataset, OfficialDatasets.CIFAR_TARBALL), split, entry.verified());
        };
    SplitEntry expected = entry.splits().get(split);
    if (expected != null && expected.count() != d.count()) {
      throw new IOException(
          dir + ": " + dataset + "/" + split + " holds " + d.count() + " examples but "
              + Manifest.FILE_NAME + " records " + expected.count() + "; fetch again");
    }
    return d;
  }

  /**
   * The meta-training split: the training split without its first {@value
   * #META_TRAIN_HELD_OUT} images (MNIST: the last 55,000 of 60,000).
   */
  public Dataset metaTrain(String dataset) throws IOException {
    Dataset train = load(dataset, Splits.TRAIN);
    if (train.count() <= META_TRAIN_HELD_OUT) {
      throw new IllegalStateException(
          dataset + "/train holds " + train.count() + " examples; meta-training uses those after"
              + " the first " + META_TRAIN_HELD_OUT + " held out, so it needs more than "
              + META_TRAIN_HELD_OUT + " (synthetic data: generate more training examples)");
    }
    return train.slice(META_TRAIN_HELD_OUT, train.count());
  }

  /** MNIST's meta-training split: the last 55,000 of the 60,000 training images. */
  public Dataset mnistMetaTrain() throws IOException {
    return metaTrain(OfficialDatasets.MNIST);
  }

  private DatasetEntry entry(String dataset) {
    DatasetEntry e = manifest.datasets().get(dataset);
    if (e == null) {
      OfficialDatasets.get(dataset); // an unknown name gets the list of known ones
      throw new IllegalArgumentException(
          dataset + " was not fetched into " + dir + " (it holds " + datasets()
              + "); add it to the fetch's datasets");
    }
    return e;
  }

  private Path file(DatasetEntry entry, String dataset, String name) throws IOException {
    Path p = dir.resolve(dataset).resolve(name);
    FetchedFile rec =
        entry.files().stream().filter(f -> f.name().equals(name)).findFirst()
            .orElseThrow(() -> new IOException(
                dir + ": " + Manifest.FILE_NAME + " lists no " + dataset + "/" + name
                    + "; fetch again"));
    if (!Files.isRegularFile(p)) {
      throw new IOException(
          "missing " + p + ", which " + Manifest.FILE_NAME + " lists; fetch again");
    }
    long size = Files.size(p);
    if (size != rec.bytes()) {
      throw new IOException(
          p + " has " + size + " bytes but " + Manifest.FILE_NAME + " records " + rec.bytes()
              + "; the file changed after the fetch; fetch again");
    }
    return p;
  }

  @Override
  public String toString() {
    return "FetchedData[" + dir + ", datasets=" + datasets() + ", verified=" + verified() + "]";
  }
}
