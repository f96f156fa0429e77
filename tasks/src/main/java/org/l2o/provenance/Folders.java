package org.l2o.provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folder-tree operations the runner and stages share: delete, and publish by link or copy. */
public final class Folders {

  private Folders() {}

  /** Deletes a file or folder tree; absent is fine. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }

  /**
   * Mirrors {@code src} into {@code dst} (replacing it), hard-linking files where the file system
   * allows and copying otherwise: publishing a 170 MB dataset then costs no space.
   */
  public static void linkOrCopyTree(Path src, Path dst) throws IOException {
    deleteTree(dst);
    List<Path> all;
    try (Stream<Path> s = Files.walk(src)) {
      all = s.sorted().toList();
    }
    for (Path p : all) {
      Path target = dst.resolve(src.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        linkOrCopy(p, target);
      }
    }
  }

  /** Hard-links {@code src} at {@code dst}, or copies it when linking is not possible. */
  public static void linkOrCopy(Path src, Path dst) throws IOException {
    Files.createDirectories(dst.getParent());
    Files.deleteIfExists(dst);
    try {
      Files.createLink(dst, src);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }
}
