package org.l2o.data;

import java.util.List;

/**
 * One fetched file as recorded in the manifest and in the cache's sidecar.
 *
 * @param name file name
 * @param bytes archive size
 * @param sha256 archive SHA-256
 * @param md5 archive MD5 (Fashion-MNIST's upstream checksums are MD5s)
 * @param payloadSha256 SHA-256 of the decompressed content
 * @param payloadBytes size of the decompressed content
 * @param source the URL it was downloaded from (or {@code cache:} for a hand-seeded file)
 * @param verified true when an official digest matched
 * @param check which digest decided: {@code archive-sha256}, {@code archive-md5}, {@code
 *     payload-sha256}, or {@code none} when none matched
 * @param parts the blocks of examples inside, with counts and class counts
 */
public record FetchedFile(
    String name,
    long bytes,
    String sha256,
    String md5,
    String payloadSha256,
    long payloadBytes,
    String source,
    boolean verified,
    String check,
    List<FilePart> parts) {

  public FetchedFile {
    parts = parts == null ? List.of() : List.copyOf(parts);
  }
}
