package org.l2o.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.data.Manifest.SplitEntry;

/**
 * The official splits: which files or batches make up "train" and "test", and the meta-training
 * subset of an IDX training split.
 *
 * <p>Meta-training uses the official training split with its first {@value #HELD_OUT} images held
 * out (the authors' code: MNIST's last 55,000 of 60,000). Meta-testing uses the test split.
 */
final class Splits {

  static final String TRAIN = "train";
  static final String TEST = "test";
  static final String META_TRAIN = "meta_train";

  /** Training images the authors' code holds out before meta-training. */
  static final int HELD_OUT = 5_000;

  private Splits() {}

  /** The IDX images file of a split. */
  static String idxImages(String split) {
    return switch (split) {
      case TRAIN -> OfficialDatasets.TRAIN_IMAGES;
      case TEST -> OfficialDatasets.TEST_IMAGES;
      default -> throw unknown(split);
    };
  }

  /** The IDX labels file of a split. */
  static String idxLabels(String split) {
    return switch (split) {
      case TRAIN -> OfficialDatasets.TRAIN_LABELS;
      case TEST -> OfficialDatasets.TEST_LABELS;
      default -> throw unknown(split);
    };
  }

  static IllegalArgumentException unknown(String split) {
    return new IllegalArgumentException(
        "unknown split '" + split + "'; expected " + TRAIN + " or " + TEST);
  }

  /**
   * Counts and class counts of every split, checking that image and label counts agree.
   *
   * @param files the dataset's fetched files by name
   * @param dir where those files are, to read the training labels for the meta-training split
   */
  static Map<String, SplitEntry> summarise(DatasetSpec ds, Map<String, FetchedFile> files, Path dir)
      throws IOException {
    Map<String, SplitEntry> out = new LinkedHashMap<>();
    if (ds.format() == DatasetSpec.Format.IDX) {
      for (String split : List.of(TRAIN, TEST)) {
        FilePart images = files.get(idxImages(split)).parts().get(0);
        FilePart labels = files.get(idxLabels(split)).parts().get(0);
        if (images.count() != labels.count()) {
          throw new CorruptDataException(
              ds.name() + "/" + split + ": " + images.name() + " holds " + images.count()
                  + " images but " + labels.name() + " holds " + labels.count()
                  + " labels; expected equal counts");
        }
        out.put(split, new SplitEntry(labels.count(), labels.classCounts()));
      }
      if (out.get(TRAIN).count() > HELD_OUT) {
        byte[] labels = IdxReader.readLabels(dir.resolve(idxLabels(TRAIN)));
        int[] counts = new int[ds.classes()];
        for (int i = HELD_OUT; i < labels.length; i++) {
          counts[labels[i] & 0xff]++;
        }
        out.put(META_TRAIN,
            new SplitEntry(labels.length - HELD_OUT, FileInspector.boxed(counts)));
      }
    } else {
      FetchedFile tar = files.get(OfficialDatasets.CIFAR_TARBALL);
      for (String split : List.of(TRAIN, TEST)) {
        int count = 0;
        int[] counts = new int[ds.classes()];
        for (String batch : CifarReader.batchesOf(split)) {
          FilePart p =
              tar.parts().stream().filter(x -> x.name().equals(batch)).findFirst().orElseThrow();
          count += p.count();
          for (int c = 0; c < counts.length; c++) {
            counts[c] += p.classCounts().get(c);
          }
        }
        out.put(split, new SplitEntry(count, FileInspector.boxed(counts)));
      }
    }
    return out;
  }
}
