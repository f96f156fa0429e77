package org.l2o.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (MNIST's format), gzipped or raw, checking magic numbers, dimensions and counts.
 *
 * <p>IDX is big-endian: a magic number (2049 for labels, 2051 for images), one int per dimension,
 * then unsigned bytes. Pixels are scaled to [0,1] by dividing by 255.
 */
public final class IdxReader {

  /** Magic number of a one-dimensional unsigned-byte IDX file (labels). */
  public static final int LABELS_MAGIC = 0x0801;

  /** Magic number of a three-dimensional unsigned-byte IDX file (images). */
  public static final int IMAGES_MAGIC = 0x0803;

  private static final int BUFFER = 1 << 16;

  private IdxReader() {}

  /** The pixels of an IDX image file, one unsigned byte each, row-major. */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  /** The dimensions an IDX header declares. */
  record Header(int magic, int[] dims) {
    long payloadBytes() {
      long n = 1;
      for (int d : dims) {
        n *= d;
      }
      return n;
    }
  }

  /**
   * Reads an images file and its labels file into a dataset of shape count x rows x cols x 1.
   *
   * @throws CorruptDataException when a file is malformed, labels are out of [0, classes), or the
   *     two files hold different counts
   */
  public static Dataset read(
      String name, String split, Path images, Path labels, int classes, boolean verified)
      throws IOException {
    Images im = readImages(images);
    byte[] lb = readLabels(labels);
    if (lb.length != im.count()) {
      throw new CorruptDataException(
          name + "/" + split + ": " + images.getFileName() + " holds " + im.count()
              + " images but " + labels.getFileName() + " holds " + lb.length
              + " labels; expected equal counts (fetch again)");
    }
    int[] ids = new int[lb.length];
    for (int i = 0; i < lb.length; i++) {
      int c = lb[i] & 0xff;
      if (c >= classes) {
        throw new CorruptDataException(
            labels + ": label " + c + " at index " + i + ", expected [0, " + classes + ")");
      }
      ids[i] = c;
    }
    return new Dataset(
        name, split, Pixels.toUnit(im.pixels()), ids, im.count(), im.rows(), im.cols(), 1,
        classes, verified);
  }

  /** Reads an IDX images file (magic 2051), gzipped or raw. */
  public static Images readImages(Path file) throws IOException {
    String what = file.toString();
    try (InputStream in = open(file)) {
      Header h = readHeader(in, IMAGES_MAGIC, what);
      byte[] px = new byte[(int) h.payloadBytes()];
      readBody(in, px, h, what);
      return new Images(h.dims()[0], h.dims()[1], h.dims()[2], px);
    } catch (EOFException | ZipException e) {
      throw corruptGzip(what, e);
    }
  }

  /** Reads an IDX labels file (magic 2049), gzipped or raw: one unsigned byte per example. */
  public static byte[] readLabels(Path file) throws IOException {
    String what = file.toString();
    try (InputStream in = open(file)) {
      Header h = readHeader(in, LABELS_MAGIC, what);
      byte[] labels = new byte[(int) h.payloadBytes()];
      readBody(in, labels, h, what);
      return labels;
    } catch (EOFException | ZipException e) {
      throw corruptGzip(what, e);
    }
  }

  /** Opens a file, decompressing it when it starts with the gzip magic bytes. */
  static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      return maybeGunzip(raw);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Wraps {@code in} (which must support mark) in a gzip decoder if it starts with 1f 8b. */
  static InputStream maybeGunzip(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, BUFFER);
    }
    return in;
  }

  /**
   * Reads and checks a header. Reads bytes rather than ints so that a short header reports as
   * such and an EOFException can only mean a truncated gzip stream.
   */
  static Header readHeader(InputStream in, int expectedMagic, String what) throws IOException {
    byte[] head = in.readNBytes(4);
    if (head.length < 4) {
      throw new CorruptDataException(
          what + ": file ends after " + head.length + " bytes, before the IDX magic number");
    }
    int magic = ByteBuffer.wrap(head).getInt();
    if (magic != expectedMagic) {
      String seen =
          magic == LABELS_MAGIC ? " (an IDX labels file)"
              : magic == IMAGES_MAGIC ? " (an IDX images file)" : "";
      throw new CorruptDataException(
          what + ": magic number " + magic + seen + ", expected " + expectedMagic
              + (expectedMagic == IMAGES_MAGIC ? " (IDX images)" : " (IDX labels)"));
    }
    int rank = magic & 0xff;
    byte[] dimBytes = in.readNBytes(4 * rank);
    if (dimBytes.length < 4 * rank) {
      throw new CorruptDataException(
          what + ": header truncated: " + dimBytes.length + " of " + 4 * rank
              + " dimension bytes present");
    }
    ByteBuffer bb = ByteBuffer.wrap(dimBytes);
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = bb.getInt();
      if (dims[i] <= 0) {
        throw new CorruptDataException(
            what + ": dimension " + i + " is " + dims[i] + ", expected a positive size");
      }
    }
    Header h = new Header(magic, dims);
    if (h.payloadBytes() > Integer.MAX_VALUE - 16) {
      throw new CorruptDataException(
          what + ": header declares " + h.payloadBytes() + " bytes, more than an array holds");
    }
    return h;
  }

  /** Fills {@code into} with the body and checks that nothing follows it. */
  static void readBody(InputStream in, byte[] into, Header h, String what) throws IOException {
    int n = in.readNBytes(into, 0, into.length);
    if (n < into.length) {
      throw countMismatch(what, h, n);
    }
    if (in.read() >= 0) {
      throw new CorruptDataException(
          what + ": data continues after the " + h.dims()[0]
              + " examples the header declares; expected the file to end there");
    }
  }

  static CorruptDataException countMismatch(String what, Header h, long got) {
    return new CorruptDataException(
        what + ": header declares " + h.dims()[0] + " examples (" + h.payloadBytes()
            + " bytes) but only " + got + " bytes follow; the file is truncated");
  }

  static CorruptDataException corruptGzip(String what, IOException e) {
    return new CorruptDataException(
        what + ": truncated or corrupt gzip stream (" + e.getMessage() + ")", e);
  }
}
