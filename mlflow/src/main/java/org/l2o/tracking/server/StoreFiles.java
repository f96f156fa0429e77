package org.l2o.tracking.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The file operations the store is built from. Whole files are replaced atomically (temp file,
 * then rename) so a reader never sees half a meta.yaml; metric lines are appended in one write
 * so a line is never torn by a concurrent append.
 */
final class StoreFiles {
  /** Temp files start with this; listings skip them. */
  static final String TEMP_PREFIX = ".tmp-";

  private StoreFiles() {}

  /**
   * Replaces {@code file}. The temp file goes to {@code tmpDir} (the run or experiment folder
   * itself), never into metrics/, params/ or tags/, which MLflow lists as keys: a temp file left
   * by a crash must not show up as a param.
   */
  static void writeAtomically(Path file, String content, Path tmpDir) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = tmpDir.resolve(TEMP_PREFIX + UUID.randomUUID());
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      Files.write(tmp, bytes);
      moveAtomically(tmp, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static void append(Path file, String lines) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buf = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files under {@code dir} keyed by their path relative to it, '/'-separated: MLflow keys
   * containing '/' are stored as nested folders.
   */
  static Map<String, Path> keyFiles(Path dir) {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))
          .forEach(p -> out.put(dir.relativize(p).toString().replace('\\', '/'), p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Each key file under {@code dir} read whole: the params or tags of a run or model. */
  static Map<String, String> keyValues(Path dir) {
    Map<String, String> out = new HashMap<>();
    keyFiles(dir).forEach((k, f) -> out.put(k, read(f)));
    return out;
  }

  /** The folders directly under {@code dir}, sorted; none when it does not exist. */
  static List<Path> subdirs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  static void deleteIfExists(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
