package org.l2o.data;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data cache shared by every run and pipeline on a machine.
 *
 * <h3>Layout</h3>
 *
 * <ul>
 *   <li>{@code <root>/<dataset>/<file>}: verified (official) files, whichever mirror they came
 *       from. This is also where to pre-seed the cache by hand.
 *   <li>{@code <root>/by-mirror/<key>/<dataset>/<file>}: what a fetch with {@code
 *       data_verify=false} got from one mirror, so that non-official data never takes the place of
 *       official data, and official data never hides the files a user mirror serves. {@code
 *       mirror.txt} beside them names the mirror.
 *   <li>{@code <file>.l2o.json}: a sidecar with the file's digests, source and contents.
 *   <li>{@code <file>.part} and {@code <file>.part.url}: a download in progress and its URL.
 *   <li>{@code .locks/}: one lock file per dataset file.
 * </ul>
 *
 * <p>A file appears under its final name only after it was verified, by an atomic rename, and its
 * sidecar follows it; a reader that finds no sidecar inspects the file afresh.
 */
final class DataCache {

  static final String SIDECAR_SUFFIX = ".l2o.json";
  static final String PART_SUFFIX = ".part";
  static final String BY_MIRROR = "by-mirror";
  static final String LOCKS = ".locks";

  private static final Logger LOG = LoggerFactory.getLogger(DataCache.class);

  /**
   * File locks belong to the whole JVM: a second FileChannel.lock() on the same file from another
   * thread throws OverlappingFileLockException instead of waiting. Threads therefore queue on an
   * in-process lock first, and only the holder takes the file lock that excludes other processes.
   */
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  private final Path root;

  private DataCache(Path root) {
    this.root = root;
  }

  /** Opens (creating) the cache directory, checking that it is writable. */
  static DataCache open(Path root) throws FetchException {
    Path abs = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs);
      Path probe = Files.createTempFile(abs, ".probe", ".tmp");
      Files.delete(probe);
    } catch (IOException | UnsupportedOperationException e) {
      throw new FetchException(
          "fetch: the data cache " + abs + " is not a writable directory (" + e
              + "); set " + FetchRequest.CACHE_ENV + " or pass another cache path", e);
    }
    return new DataCache(abs);
  }

  Path root() {
    return root;
  }

  /** Where verified copies of a dataset's file live (and where to pre-seed by hand). */
  Path officialEntry(String dataset, String file) {
    return root.resolve(dataset).resolve(file);
  }

  /** Where a file from {@code mirror} lives when fetched with verification off. */
  Path mirrorEntry(URI mirror, String dataset, String file) {
    return mirrorDir(mirror).resolve(dataset).resolve(file);
  }

  private Path mirrorDir(URI mirror) {
    byte[] h =
        FileInspector.digest("SHA-256").digest(mirror.toString().getBytes(StandardCharsets.UTF_8));
    return root.resolve(BY_MIRROR).resolve(HexFormat.of().formatHex(h, 0, 8));
  }

  static Path partOf(Path entry) {
    return entry.resolveSibling(entry.getFileName() + PART_SUFFIX);
  }

  static Path sidecarOf(Path entry) {
    return entry.resolveSibling(entry.getFileName() + SIDECAR_SUFFIX);
  }

  /** The sidecar of a cached entry, if the entry and its sidecar are both present and readable. */
  Optional<FetchedFile> readSidecar(Path entry) {
    Path side = sidecarOf(entry);
    if (!Files.isRegularFile(entry) || !Files.isRegularFile(side)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Manifest.JSON.readValue(side.toFile(), FetchedFile.class));
    } catch (IOException e) {
      LOG.warn("ignoring unreadable cache sidecar {}: {}", side, e.toString());
      return Optional.empty();
    }
  }

  /** Records the sidecar of an entry that is already in place (a hand-seeded file). */
  void writeSidecar(Path entry, FetchedFile rec) throws IOException {
    Manifest.writeJsonAtomically(rec, sidecarOf(entry));
  }

  /**
   * Moves a verified download to its final name, atomically, then writes its sidecar. Readers
   * that find the file without a sidecar re-inspect it, so the order is safe either way.
   */
  void publish(Path part, Path entry, FetchedFile rec, URI mirror) throws IOException {
    Files.createDirectories(entry.getParent());
    if (mirror != null) {
      Path note = mirrorDir(mirror).resolve("mirror.txt");
      if (!Files.exists(note)) {
        Files.writeString(note, mirror + "\n");
      }
    }
    Files.deleteIfExists(sidecarOf(entry));
    Files.move(part, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(urlMarkerOf(part));
    writeSidecar(entry, rec);
  }

  /** Puts a second name on a published entry (hard link, or an atomic copy). */
  void alias(Path entry, Path other, FetchedFile rec) throws IOException {
    Files.createDirectories(other.getParent());
    linkOrCopy(entry, other);
    writeSidecar(other, rec);
  }

  /** Removes an entry and its sidecar. */
  void evict(Path entry) {
    try {
      Files.deleteIfExists(sidecarOf(entry));
      Files.deleteIfExists(entry);
    } catch (IOException e) {
      LOG.warn("could not remove {} from the data cache: {}", entry, e.toString());
    }
  }

  static Path urlMarkerOf(Path part) {
    return part.resolveSibling(part.getFileName() + ".url");
  }

  /**
   * Makes {@code target} name the same bytes as {@code source}: a hard link when the file system
   * allows it (no copy, no extra space), else a copy renamed into place.
   */
  static void linkOrCopy(Path source, Path target) throws IOException {
    Files.deleteIfExists(target);
    try {
      Files.createLink(target, source);
      return;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("hard link {} -> {} failed ({}); copying", target, source, e.toString());
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Takes the lock of one dataset file, waiting for any other thread or process that holds it, so
   * that two fetches of the same file never write the same part file.
   */
  Held lock(String dataset, String file) throws IOException {
    Path lockFile = root.resolve(LOCKS).resolve(dataset + "--" + file + ".lock");
    Files.createDirectories(lockFile.getParent());
    ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    local.lock();
    FileChannel ch = null;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fl = ch.tryLock();
      if (fl == null) {
        LOG.info("waiting for another process fetching {}/{} (lock {})", dataset, file, lockFile);
        fl = ch.lock();
      }
      return new Held(local, ch, fl);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      local.unlock();
      throw e;
    }
  }

  /** A held lock; closing releases it. */
  static final class Held implements AutoCloseable {
    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private Held(ReentrantLock local, FileChannel channel, FileLock fileLock) {
      this.local = local;
      this.channel = channel;
      this.fileLock = fileLock;
    }

    @Override
    public void close() throws IOException {
      try {
        fileLock.release();
        channel.close();
      } finally {
        local.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "DataCache[" + root + "]";
  }
}
