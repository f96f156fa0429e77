package org.l2o.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks a downloaded file in one streaming pass: archive SHA-256 and MD5, decompressed-payload
 * SHA-256, and the structure the readers rely on (magic numbers, image size, counts, labels in
 * range, CIFAR record sizes). A file that passes here is one the readers can load.
 */
final class FileInspector {

  private static final int BUFFER = 1 << 16;

  private FileInspector() {}

  /**
   * Inspects {@code file} as the dataset's file {@code official}.
   *
   * @throws CorruptDataException when the structure is wrong (truncated gzip, wrong magic, sizes
   *     or counts that disagree, labels out of range)
   */
  static Inspection inspect(Path file, RemoteFile official, DatasetSpec ds) throws IOException {
    MessageDigest sha = digest("SHA-256");
    MessageDigest md5 = digest("MD5");
    MessageDigest payloadSha = digest("SHA-256");
    String what = official.name();
    long bytes = Files.size(file);
    List<FilePart> parts;
    long payloadBytes;
    try (InputStream raw =
        new BufferedInputStream(
            new DigestInputStream(
                new DigestInputStream(Files.newInputStream(file), sha), md5), BUFFER)) {
      raw.mark(2);
      boolean gz = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      boolean rawIdx = !gz && GzipParts.rawName(official) != null;
      if (!gz && !rawIdx) {
        throw new CorruptDataException(
            what + ": not a gzip file (first bytes are not 1f 8b); expected " + official.name());
      }
      // A raw IDX file (copied in by hand from a package) is its own payload.
      CountingDigestStream payload =
          new CountingDigestStream(rawIdx ? raw : new GZIPInputStream(raw, BUFFER), payloadSha);
      try {
        parts =
            switch (official.kind()) {
              case IDX_IMAGES -> List.of(idxImages(payload, what, ds));
              case IDX_LABELS -> List.of(idxLabels(payload, what, ds));
              case CIFAR_TAR -> cifarBatches(payload, what);
            };
        payload.transferTo(OutputStream.nullOutputStream());
      } catch (EOFException | ZipException e) {
        throw IdxReader.corruptGzip(what, e);
      }
      payloadBytes = payload.count();
      raw.transferTo(OutputStream.nullOutputStream()); // the archive digests cover every byte
    }
    HexFormat hex = HexFormat.of();
    return new Inspection(
        official.name(), bytes, hex.formatHex(sha.digest()), hex.formatHex(md5.digest()),
        hex.formatHex(payloadSha.digest()), payloadBytes, parts);
  }

  private static FilePart idxImages(InputStream in, String what, DatasetSpec ds)
      throws IOException {
    IdxReader.Header h = IdxReader.readHeader(in, IdxReader.IMAGES_MAGIC, what);
    int[] d = h.dims();
    if (d[1] != ds.height() || d[2] != ds.width()) {
      throw new CorruptDataException(
          what + ": images are " + d[1] + "x" + d[2] + ", expected " + ds.height() + "x"
              + ds.width() + " for " + ds.name());
    }
    long got = skipExactly(in, h.payloadBytes());
    if (got < h.payloadBytes()) {
      throw IdxReader.countMismatch(what, h, got);
    }
    expectEnd(in, what, d[0]);
    return new FilePart(what, d[0], List.of(d[1], d[2]), List.of());
  }

  private static FilePart idxLabels(InputStream in, String what, DatasetSpec ds)
      throws IOException {
    IdxReader.Header h = IdxReader.readHeader(in, IdxReader.LABELS_MAGIC, what);
    int n = h.dims()[0];
    int[] counts = new int[ds.classes()];
    byte[] buf = new byte[BUFFER];
    long seen = 0;
    while (seen < n) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n - seen));
      if (r < 0) {
        throw IdxReader.countMismatch(what, h, seen);
      }
      for (int i = 0; i < r; i++) {
        int c = buf[i] & 0xff;
        if (c >= ds.classes()) {
          throw new CorruptDataException(
              what + ": label " + c + " at index " + (seen + i) + ", expected [0, "
                  + ds.classes() + ")");
        }
        counts[c]++;
      }
      seen += r;
    }
    expectEnd(in, what, n);
    return new FilePart(what, n, List.of(), boxed(counts));
  }

  private static List<FilePart> cifarBatches(InputStream in, String what) throws IOException {
    TreeMap<String, FilePart> found = new TreeMap<>();
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    byte[] record = new byte[CifarReader.RECORD_BYTES];
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      String b = CifarReader.batchName(e.getName());
      if (b == null) {
        continue;
      }
      if (found.containsKey(b)) {
        throw new CorruptDataException(what + ": " + e.getName() + " appears twice");
      }
      CifarReader.checkBatchSize(what, b, e.getSize());
      int n = (int) (e.getSize() / CifarReader.RECORD_BYTES);
      int[] counts = new int[CifarReader.CLASSES];
      for (int r = 0; r < n; r++) {
        if (tar.readNBytes(record, 0, record.length) != record.length) {
          throw new CorruptDataException(
              what + ": " + e.getName() + " ends inside record " + r + " of " + n
                  + "; the tarball is truncated");
        }
        counts[CifarReader.label(record, 0, what, b)]++;
      }
      found.put(b, new FilePart(b, n, List.of(3, CifarReader.SIDE, CifarReader.SIDE),
          boxed(counts)));
    }
    List<FilePart> parts = new ArrayList<>();
    for (String b : concat(CifarReader.TRAIN_BATCHES, CifarReader.TEST_BATCHES)) {
      FilePart p = found.get(b);
      if (p == null) {
        throw new CorruptDataException(
            what + ": no " + CifarReader.DIRECTORY + b + ".bin inside; expected the six"
                + " batches of the CIFAR-10 binary version");
      }
      parts.add(p);
    }
    return parts;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static long skipExactly(InputStream in, long n) throws IOException {
    byte[] buf = new byte[BUFFER];
    long done = 0;
    while (done < n) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  private static void expectEnd(InputStream in, String what, int count) throws IOException {
    if (in.read() >= 0) {
      throw new CorruptDataException(
          what + ": data continues after the " + count
              + " examples the header declares; expected the file to end there");
    }
  }

  static List<Integer> boxed(int[] counts) {
    List<Integer> out = new ArrayList<>(counts.length);
    for (int c : counts) {
      out.add(c);
    }
    return out;
  }

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm + ", which Java SE requires", e);
    }
  }

  /** SHA-256 of a whole file, lower-case hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest sha = digest("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Digests and counts what passes through. */
  private static final class CountingDigestStream extends DigestInputStream {
    private long count;

    CountingDigestStream(InputStream in, MessageDigest d) {
      super(in, d);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    long count() {
      return count;
    }
  }
}
