package org.l2o.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What one pass over a downloaded file found: its digests and the examples inside.
 *
 * @param name file name
 * @param bytes archive size
 * @param sha256 archive SHA-256
 * @param md5 archive MD5
 * @param payloadSha256 SHA-256 of the decompressed content
 * @param payloadBytes size of the decompressed content
 * @param parts blocks of examples with their counts
 */
record Inspection(
    String name,
    long bytes,
    String sha256,
    String md5,
    String payloadSha256,
    long payloadBytes,
    List<FilePart> parts) {

  /** How a file compares with its official digests. */
  record Verdict(boolean genuine, String check, String detail) {}

  /**
   * Genuine when any known official digest matches. The payload digest is what recognises a
   * re-compressed copy; the archive digests are the only check where no payload digest is known.
   */
  Verdict against(RemoteFile official) {
    if (official.payloadSha256() != null && official.payloadSha256().equals(payloadSha256)) {
      return new Verdict(true, "payload-sha256", "payload sha256 " + payloadSha256);
    }
    if (official.sha256() != null && official.sha256().equals(sha256)) {
      return new Verdict(true, "archive-sha256", "sha256 " + sha256);
    }
    if (official.md5() != null && official.md5().equals(md5)) {
      return new Verdict(true, "archive-md5", "md5 " + md5);
    }
    List<String> diffs = new ArrayList<>();
    if (official.sha256() != null) {
      diffs.add("sha256 mismatch: expected " + official.sha256() + ", got " + sha256);
    }
    if (official.md5() != null) {
      diffs.add("md5 mismatch: expected " + official.md5() + ", got " + md5);
    }
    if (official.payloadSha256() != null) {
      diffs.add("payload sha256 mismatch: expected " + official.payloadSha256() + ", got "
          + payloadSha256);
    }
    if (diffs.isEmpty()) {
      diffs.add("no official checksum is known for " + official.name());
    }
    return new Verdict(false, "none", String.join(", ", diffs));
  }

  FetchedFile toFetched(String source, Verdict v) {
    return new FetchedFile(
        name, bytes, sha256, md5, payloadSha256, payloadBytes, source, v.genuine(), v.check(),
        parts);
  }
}
