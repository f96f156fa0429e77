package org.l2o.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes SYNTHETIC image-classification data in the official file formats, for tests and smoke
 * runs. The data is generated, not MNIST or CIFAR-10: it only has their file names and layouts,
 * so that the fetcher and readers can be exercised without the network. A fetch of it needs
 * {@code data_verify=false} and is marked unverified.
 *
 * <p>The images are learnable: every class has a fixed prototype (a few Gaussian blobs, coloured
 * for the CIFAR-like data), and each example is its class prototype at a random contrast plus
 * pixel noise. An MLP separates the classes easily. Labels are balanced (class {@code i % 10},
 * shuffled). The same arguments always give byte-identical files (gzip and tar timestamps are
 * fixed at 0), so pipeline cache keys built on them are stable.
 *
 * <p>For {@link FetchedData#mnistMetaTrain()} the training split needs more than 5,000 examples
 * (the first 5,000 are held out, as in the authors' code).
 */
public final class SyntheticDatasets {

  public static final int CLASSES = 10;
  public static final int MNIST_SIDE = 28;

  private static final long TRAIN_SALT = 0x7472_6169_6eL;
  private static final long TEST_SALT = 0x7465_7374L;

  private SyntheticDatasets() {}

  /**
   * Writes MNIST's four gzipped IDX files (SYNTHETIC content, MNIST's names) into {@code dir}.
   *
   * @return the directory as a {@code file://} mirror URL
   */
  public static java.net.URI writeMnistLike(Path dir, int nTrain, int nTest, long seed)
      throws IOException {
    checkCounts(nTrain, nTest);
    Files.createDirectories(dir);
    float[][] protos = prototypes(seed, MNIST_SIDE, 1);
    writeIdxSplit(dir, "train", nTrain, protos, seed ^ TRAIN_SALT);
    writeIdxSplit(dir, "t10k", nTest, protos, seed ^ TEST_SALT);
    return dir.toUri();
  }

  /**
   * Writes {@code cifar-10-binary.tar.gz} (SYNTHETIC content, CIFAR-10's binary layout) into
   * {@code dir}: five training batches sharing {@code nTrain} records and one test batch.
   *
   * @return the directory as a {@code file://} mirror URL
   */
  public static java.net.URI writeCifarLike(Path dir, int nTrain, int nTest, long seed)
      throws IOException {
    checkCounts(nTrain, nTest);
    if (nTrain < 5) {
      throw new IllegalArgumentException("nTrain must be >= 5 (one per batch), got " + nTrain);
    }
    Files.createDirectories(dir);
    float[][] protos = prototypes(seed, 32, 3);
    Map<String, byte[]> batches = new LinkedHashMap<>();
    Random trainRng = new Random(seed ^ TRAIN_SALT);
    byte[] trainLabels = balancedLabels(nTrain, trainRng);
    int from = 0;
    for (int b = 0; b < 5; b++) {
      int n = nTrain / 5 + (b < nTrain % 5 ? 1 : 0);
      batches.put("data_batch_" + (b + 1),
          cifarRecords(trainLabels, from, n, protos, trainRng));
      from += n;
    }
    Random testRng = new Random(seed ^ TEST_SALT);
    batches.put("test_batch", cifarRecords(balancedLabels(nTest, testRng), 0, nTest, protos,
        testRng));
    Files.write(dir.resolve(OfficialDatasets.CIFAR_TARBALL), cifarTarGz(batches));
    return dir.toUri();
  }

  /** An IDX images file (magic 2051), uncompressed. */
  public static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
    ByteBuffer b = ByteBuffer.allocate(16 + pixels.length);
    b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels);
    return b.array();
  }

  /** An IDX labels file (magic 2049), uncompressed. */
  public static byte[] idxLabels(byte[] labels) {
    ByteBuffer b = ByteBuffer.allocate(8 + labels.length);
    b.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length).put(labels);
    return b.array();
  }

  /** Gzip with a zero timestamp, so equal input gives equal bytes. */
  public static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  /**
   * A gzipped tar holding {@code cifar-10-batches-bin/<name>.bin} for every batch given, plus
   * {@code batches.meta.txt}, like the official tarball.
   */
  public static byte[] cifarTarGz(Map<String, byte[]> batches) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bos);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      byte[] meta =
          String.join("\n", List.of("class0", "class1", "class2", "class3", "class4", "class5",
                  "class6", "class7", "class8", "class9", ""))
              .getBytes(StandardCharsets.US_ASCII);
      putEntry(tar, CifarReader.DIRECTORY + "batches.meta.txt", meta);
      for (var e : batches.entrySet()) {
        putEntry(tar, CifarReader.DIRECTORY + e.getKey() + ".bin", e.getValue());
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  private static void putEntry(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    e.setModTime(0);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static void writeIdxSplit(Path dir, String prefix, int n, float[][] protos, long seed)
      throws IOException {
    Random rng = new Random(seed);
    byte[] labels = balancedLabels(n, rng);
    int size = MNIST_SIDE * MNIST_SIDE;
    byte[] pixels = new byte[n * size];
    for (int i = 0; i < n; i++) {
      sample(protos[labels[i]], rng, pixels, i * size);
    }
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
        gzip(idxImages(n, MNIST_SIDE, MNIST_SIDE, pixels)));
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), gzip(idxLabels(labels)));
  }

  /** Records of 1 label byte + 1024 R + 1024 G + 1024 B (channels first, as on disk). */
  private static byte[] cifarRecords(
      byte[] labels, int from, int n, float[][] protos, Random rng) {
    int px = 32 * 32;
    byte[] out = new byte[n * CifarReader.RECORD_BYTES];
    byte[] hwc = new byte[px * 3];
    for (int i = 0; i < n; i++) {
      int label = labels[from + i];
      sample(protos[label], rng, hwc, 0);
      int o = i * CifarReader.RECORD_BYTES;
      out[o] = (byte) label;
      for (int p = 0; p < px; p++) {
        for (int c = 0; c < 3; c++) {
          out[o + 1 + c * px + p] = hwc[p * 3 + c];
        }
      }
    }
    return out;
  }

  /** Class {@code i % 10} for example i, shuffled: balanced whenever n is a multiple of 10. */
  private static byte[] balancedLabels(int n, Random rng) {
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % CLASSES);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      byte t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
    return labels;
  }

  /** One prototype per class, HWC in [0,1]: three Gaussian blobs with per-blob colours. */
  private static float[][] prototypes(long seed, int side, int channels) {
    float[][] protos = new float[CLASSES][side * side * channels];
    for (int k = 0; k < CLASSES; k++) {
      Random r = new Random(seed * 1_000_003L + k);
      for (int blob = 0; blob < 3; blob++) {
        double cy = side * (0.2 + 0.6 * r.nextDouble());
        double cx = side * (0.2 + 0.6 * r.nextDouble());
        double sigma = side * (0.07 + 0.08 * r.nextDouble());
        float[] colour = new float[channels];
        for (int c = 0; c < channels; c++) {
          colour[c] = (float) (0.3 + 0.7 * r.nextDouble());
        }
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            double g = Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (2 * sigma * sigma));
            for (int c = 0; c < channels; c++) {
              int i = (y * side + x) * channels + c;
              protos[k][i] = (float) Math.min(1.0, protos[k][i] + g * colour[c]);
            }
          }
        }
      }
    }
    return protos;
  }

  /** Prototype at a random contrast in [0.6, 1) plus N(0, 0.1) pixel noise, as bytes. */
  private static void sample(float[] proto, Random rng, byte[] out, int at) {
    double contrast = 0.6 + 0.4 * rng.nextDouble();
    for (int i = 0; i < proto.length; i++) {
      double v = proto[i] * contrast + 0.1 * rng.nextGaussian();
      out[at + i] = (byte) Math.round(255 * Math.max(0, Math.min(1, v)));
    }
  }

  private static void checkCounts(int nTrain, int nTest) {
    if (nTrain < 1 || nTest < 1) {
      throw new IllegalArgumentException(
          "need at least one train and one test example, got nTrain=" + nTrain + ", nTest="
              + nTest);
    }
  }
}
