package org.l2o.data;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} a fetch writes beside the data: every file's size, digests and
 * source, the count and class counts of every split, and whether everything is verified.
 *
 * <p>It holds no timestamps or cache paths, so that fetching the same data twice gives the same
 * bytes and downstream cache keys stay stable.
 *
 * @param format layout version of this file
 * @param verified true when every file of every dataset matched an official digest
 * @param datasets per dataset name
 */
public record Manifest(int format, boolean verified, Map<String, DatasetEntry> datasets) {

  /** The file name inside a fetch output directory. */
  public static final String FILE_NAME = "manifest.json";

  static final int FORMAT = 1;

  static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Manifest {
    datasets = Map.copyOf(datasets);
  }

  /**
   * One dataset of the fetch.
   *
   * @param verified true when all of its files are official
   * @param files its files, in the catalogue's order
   * @param splits "train", "test" and, for MNIST, "meta_train"
   */
  public record DatasetEntry(
      boolean verified, List<FetchedFile> files, Map<String, SplitEntry> splits) {
    public DatasetEntry {
      files = List.copyOf(files);
      splits = Map.copyOf(splits);
    }
  }

  /**
   * One split of a dataset.
   *
   * @param count examples
   * @param classCounts examples per class id
   */
  public record SplitEntry(int count, List<Integer> classCounts) {
    public SplitEntry {
      classCounts = List.copyOf(classCounts);
    }
  }

  /** Reads {@code dir/manifest.json}. */
  public static Manifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "no " + FILE_NAME + " in " + dir + "; expected the output directory of a data fetch");
    }
    Manifest m = JSON.readValue(file.toFile(), Manifest.class);
    if (m.format() != FORMAT) {
      throw new IOException(
          file + ": manifest format " + m.format() + ", expected " + FORMAT + "; fetch again");
    }
    return m;
  }

  /** Writes {@code dir/manifest.json} atomically (temp file, then rename). */
  void write(Path dir) throws IOException {
    writeJsonAtomically(this, dir.resolve(FILE_NAME));
  }

  static void writeJsonAtomically(Object value, Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), value);
      Files.move(
          tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
