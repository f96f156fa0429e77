package org.l2o.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the CIFAR-10 binary tarball ({@code cifar-10-binary.tar.gz}).
 *
 * <p>Each batch is a sequence of 3073-byte records: one label byte, then 1024 red, 1024 green and
 * 1024 blue bytes (channels first). Records are converted to NHWC, the layout TF's conv2d expects,
 * and scaled to [0,1].
 */
public final class CifarReader {

  public static final int SIDE = 32;
  public static final int CHANNELS = 3;
  public static final int CLASSES = 10;
  public static final int PIXELS = SIDE * SIDE;
  public static final int RECORD_BYTES = 1 + CHANNELS * PIXELS;

  /** The directory inside the tarball. */
  public static final String DIRECTORY = "cifar-10-batches-bin/";

  /** Official training split: data_batch_1..5, 50,000 images. */
  public static final List<String> TRAIN_BATCHES =
      List.of("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5");

  /** Official test split: test_batch, 10,000 images. */
  public static final List<String> TEST_BATCHES = List.of("test_batch");

  private static final int BUFFER = 1 << 16;

  private CifarReader() {}

  /** The batches of a split: "train" or "test". */
  public static List<String> batchesOf(String split) {
    return switch (split) {
      case "train" -> TRAIN_BATCHES;
      case "test" -> TEST_BATCHES;
      default -> throw new IllegalArgumentException(
          "cifar10: unknown split '" + split + "'; expected train or test");
    };
  }

  /** The batch name of a tar entry ("data_batch_1"), or null for other entries. */
  static String batchName(String entryName) {
    if (!entryName.startsWith(DIRECTORY) || !entryName.endsWith(".bin")) {
      return null;
    }
    String b = entryName.substring(DIRECTORY.length(), entryName.length() - ".bin".length());
    return TRAIN_BATCHES.contains(b) || TEST_BATCHES.contains(b) ? b : null;
  }

  /** Reads one split of the tarball into an NHWC dataset named "cifar10". */
  public static Dataset read(Path tarGz, String split, boolean verified) throws IOException {
    List<String> wanted = batchesOf(split);
    Map<String, byte[]> found = new HashMap<>();
    String what = tarGz.toString();
    try (InputStream file = new BufferedInputStream(Files.newInputStream(tarGz), BUFFER);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file, BUFFER))) {
      TarArchiveEntry e;
      while (found.size() < wanted.size() && (e = tar.getNextEntry()) != null) {
        String b = batchName(e.getName());
        if (b == null || !wanted.contains(b)) {
          continue;
        }
        long size = e.getSize();
        checkBatchSize(what, b, size);
        byte[] bytes = tar.readNBytes((int) size);
        if (bytes.length != size) {
          throw new CorruptDataException(
              what + ": " + e.getName() + " declares " + size + " bytes but holds "
                  + bytes.length + "; the tarball is truncated");
        }
        found.put(b, bytes);
      }
    } catch (EOFException | ZipException e) {
      throw IdxReader.corruptGzip(what, e);
    }
    int count = 0;
    for (String b : wanted) {
      byte[] bytes = found.get(b);
      if (bytes == null) {
        throw new CorruptDataException(
            what + ": no " + DIRECTORY + b + ".bin inside; expected the CIFAR-10 binary layout");
      }
      count += bytes.length / RECORD_BYTES;
    }
    float[] images = new float[count * PIXELS * CHANNELS];
    int[] labels = new int[count];
    int r = 0;
    for (String b : wanted) {
      byte[] bytes = found.get(b);
      for (int off = 0; off < bytes.length; off += RECORD_BYTES, r++) {
        labels[r] = label(bytes, off, what, b);
        toNhwc(bytes, off + 1, images, r * PIXELS * CHANNELS);
      }
    }
    return new Dataset(
        OfficialDatasets.CIFAR10, split, images, labels, count, SIDE, SIDE, CHANNELS, CLASSES,
        verified);
  }

  static void checkBatchSize(String what, String batch, long size) throws CorruptDataException {
    if (size <= 0 || size % RECORD_BYTES != 0 || size > Integer.MAX_VALUE) {
      throw new CorruptDataException(
          what + ": " + batch + ".bin has " + size + " bytes, expected a positive multiple of "
              + RECORD_BYTES + " (1 label byte + 3072 pixel bytes per record)");
    }
  }

  static int label(byte[] bytes, int off, String what, String batch) throws CorruptDataException {
    int c = bytes[off] & 0xff;
    if (c >= CLASSES) {
      throw new CorruptDataException(
          what + ": " + batch + " record " + off / RECORD_BYTES + " has label " + c
              + ", expected [0, " + CLASSES + ")");
    }
    return c;
  }

  /** One record's 1024 R, 1024 G, 1024 B bytes to 1024 (R,G,B) float triples in [0,1]. */
  static void toNhwc(byte[] src, int from, float[] dst, int to) {
    for (int p = 0; p < PIXELS; p++) {
      int o = to + p * CHANNELS;
      dst[o] = Pixels.unit(src[from + p]);
      dst[o + 1] = Pixels.unit(src[from + PIXELS + p]);
      dst[o + 2] = Pixels.unit(src[from + 2 * PIXELS + p]);
    }
  }
}
