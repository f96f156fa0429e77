package org.l2o.data;

import java.util.Objects;

/**
 * One official file of a dataset and what is known about it upstream.
 *
 * <p>Any digest may be null when it is not known. A file is genuine when at least one known
 * digest matches: the archive SHA-256 (MNIST, CIFAR-10), the archive MD5 (Fashion-MNIST's
 * upstream list) or the SHA-256 of the decompressed payload (Fashion-MNIST), which recognises a
 * re-compressed copy of the same bytes, such as Debian's.
 *
 * @param name file name, the same on every mirror
 * @param kind how to read and check the file
 * @param bytes archive size in bytes, or -1 when unknown (only used for the progress total)
 * @param sha256 archive SHA-256 (lower-case hex), or null
 * @param md5 archive MD5 (lower-case hex), or null
 * @param payloadSha256 SHA-256 of the decompressed content, or null
 */
record RemoteFile(
    String name, Kind kind, long bytes, String sha256, String md5, String payloadSha256) {

  /** The formats the fetcher can check structurally. */
  enum Kind {
    /** Gzipped IDX, magic 2051: count, rows, cols, then count*rows*cols unsigned bytes. */
    IDX_IMAGES,
    /** Gzipped IDX, magic 2049: count, then count label bytes. */
    IDX_LABELS,
    /** The CIFAR-10 binary tarball: six batches of 3073-byte records. */
    CIFAR_TAR
  }

  RemoteFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }
}
