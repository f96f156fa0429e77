package org.l2o.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A JSONL spool file of one run: {@code <dir>/mlflow-spool-<run>.jsonl}. Appends and replays
 * hold a lock on a sibling {@code .lock} file, which is never renamed, so a task appending and an
 * {@code l2o mlflow sync} replaying in another process cannot lose each other's lines. A fully
 * replayed file is renamed to {@code .jsonl.done} and kept as a record.
 */
final class Spool {
  static final String PREFIX = "mlflow-spool-";
  static final String SUFFIX = ".jsonl";
  static final String DONE_SUFFIX = ".done";
  static final String LOCK_SUFFIX = ".lock";

  /** In-process locks: a JVM may not hold two FileLocks on one file. */
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final Path file;

  Spool(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  static Spool forRun(Path dir, String runKey) {
    return new Spool(dir.resolve(PREFIX + runKey + SUFFIX));
  }

  Path file() {
    return file;
  }

  boolean hasPending() {
    try {
      return Files.isRegularFile(file) && Files.size(file) > 0;
    } catch (IOException e) {
      return true;
    }
  }

  void append(List<SpoolRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (SpoolRecord r : records) {
      try {
        sb.append(SpoolRecord.MAPPER.writeValueAsString(r)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialize spool record " + r + ": " + e.getMessage(), e);
      }
    }
    locked(() -> {
      try {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
          ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to spool " + file + ": " + e.getMessage(), e);
      }
      return null;
    });
  }

  /** Reads every record; a malformed line (say, torn by a crash) is reported and skipped. */
  List<SpoolRecord> read(Consumer<String> warnings) {
    List<SpoolRecord> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spool " + file + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(SpoolRecord.MAPPER.readValue(line, SpoolRecord.class));
      } catch (JsonProcessingException e) {
        warnings.accept("tracking: spool " + file + " line " + (i + 1) + " is malformed and is skipped ("
            + e.getOriginalMessage() + "): " + abbreviate(line));
      }
    }
    return out;
  }

  /** Renames the replayed file to {@code .done}, keeping earlier ones. Call under {@link #locked}. */
  void markDone() {
    Path done = file.resolveSibling(file.getFileName() + DONE_SUFFIX);
    try {
      if (Files.exists(done)) {
        Files.writeString(done, Files.readString(file, StandardCharsets.UTF_8), StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
        Files.delete(file);
      } else {
        Files.move(file, done, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark spool " + file + " replayed: " + e.getMessage(), e);
    }
  }

  /** A body run under the spool's locks; it may throw a checked exception. */
  @FunctionalInterface
  interface LockedBody<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code body} holding this spool's in-process and cross-process locks. */
  <T, E extends Exception> T locked(LockedBody<T, E> body) throws E {
    ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(file, k -> new ReentrantLock());
    local.lock();
    try {
      if (local.getHoldCount() > 1) {
        return body.run();
      }
      Path lockFile = file.resolveSibling(file.getFileName() + LOCK_SUFFIX);
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return body.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock spool " + file + ": " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }

  /** Every pending spool file under {@code dir}, oldest first. */
  static List<Spool> find(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("spool directory " + dir + " does not exist; pass the folder"
          + " the warning named (a task's work folder) or a parent of it");
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(PREFIX) && n.endsWith(SUFFIX) && Files.isRegularFile(p);
      }).sorted((a, b) -> {
        try {
          return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
        } catch (IOException e) {
          return a.compareTo(b);
        }
      }).map(Spool::new).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + dir + " for spool files: " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
