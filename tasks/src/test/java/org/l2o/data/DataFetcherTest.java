package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a local HTTP mirror serving SYNTHETIC files (never MNIST or CIFAR-10). */
@Timeout(60)
class DataFetcherTest {

  static final String TRAIN_IMAGES = OfficialDatasets.TRAIN_IMAGES;
  static final String TRAIN_LABELS = OfficialDatasets.TRAIN_LABELS;
  static final int N_TRAIN = 60;
  static final int N_TEST = 20;

  @TempDir Path tmp;
  Path served;
  Path cache;
  MirrorServer server;
  ByteArrayOutputStream console = new ByteArrayOutputStream();

  @org.junit.jupiter.api.BeforeAll
  static void quiet() {
    QuietLogs.data();
  }

  @BeforeEach
  void serveSyntheticMnist() throws IOException {
    served = tmp.resolve("served");
    SyntheticDatasets.writeMnistLike(served.resolve("mnist"), N_TRAIN, N_TEST, 7);
    cache = tmp.resolve("cache");
    server = MirrorServer.serving(served);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  DataFetcher fetcher() {
    return new DataFetcher(Duration.ofSeconds(5), Duration.ofMillis(700), Duration.ofMillis(400),
        3, new PrintStream(console, true, StandardCharsets.UTF_8));
  }

  FetchRequest unverified(String dataset, URI... mirrors) {
    return new FetchRequest(List.of(dataset), List.of(mirrors), false, false, cache);
  }

  /** Regular files in the cache outside the lock directory. */
  List<Path> cachedFiles() throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(cache)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !cache.relativize(p).startsWith(DataCache.LOCKS))
          .toList();
    }
  }

  static URI refusedMirror() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  @Test
  void fetchWritesLinkedFilesAndManifestWithCountsAndClassCounts() throws IOException {
    Path out = tmp.resolve("out");
    FetchResult r = fetcher().fetch(unverified("mnist", server.base()), out);

    assertThat(r.downloaded()).isEqualTo(4);
    assertThat(r.cacheHits()).isZero();
    assertThat(r.verified()).isFalse();
    for (String f : List.of(TRAIN_IMAGES, TRAIN_LABELS, OfficialDatasets.TEST_IMAGES,
        OfficialDatasets.TEST_LABELS)) {
      assertThat(Files.mismatch(out.resolve("mnist").resolve(f), served.resolve("mnist/" + f)))
          .isEqualTo(-1L);
    }
    Manifest m = Manifest.read(out);
    Manifest.DatasetEntry e = m.datasets().get("mnist");
    assertThat(e.splits().get("train").count()).isEqualTo(N_TRAIN);
    assertThat(e.splits().get("test").count()).isEqualTo(N_TEST);
    // balanced synthetic labels: class i % 10
    assertThat(e.splits().get("train").classCounts()).containsOnly(N_TRAIN / 10);
    assertThat(e.splits().get("test").classCounts()).containsOnly(N_TEST / 10);
    FetchedFile images = e.files().get(0);
    assertThat(images.name()).isEqualTo(TRAIN_IMAGES);
    assertThat(images.source()).isEqualTo(server.base() + "mnist/" + TRAIN_IMAGES);
    assertThat(images.bytes()).isEqualTo(Files.size(served.resolve("mnist/" + TRAIN_IMAGES)));
    assertThat(images.sha256())
        .isEqualTo(FileInspector.sha256(served.resolve("mnist/" + TRAIN_IMAGES)));
    assertThat(images.payloadBytes()).isEqualTo(16L + N_TRAIN * 784L);
    assertThat(images.verified()).isFalse();
    assertThat(m.verified()).isFalse();
  }

  @Test
  void unverifiedFetchWarnsLoudlyAndMarksDatasets() throws IOException {
    Path out = tmp.resolve("out");
    FetchResult r = fetcher().fetch(unverified("mnist", server.base()), out);

    String printed = console.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("WARNING: UNVERIFIED DATA").contains(TRAIN_IMAGES)
        .contains("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");
    assertThat(r.warnings()).hasSize(4);
    Dataset test = FetchedData.open(out).load("mnist", "test");
    assertThat(test.verified()).isFalse();
    assertThat(test.toString()).contains("UNVERIFIED");
  }

  @Test
  void secondFetchIsServedFromTheCacheWithoutAnyRequest() throws IOException {
    fetcher().fetch(unverified("mnist", server.base()), tmp.resolve("out1"));
    int before = server.requests();

    FetchResult again = fetcher().fetch(unverified("mnist", server.base()), tmp.resolve("out2"));

    assertThat(server.requests()).isEqualTo(before);
    assertThat(again.cacheHits()).isEqualTo(4);
    assertThat(again.downloaded()).isZero();
    assertThat(Files.readString(tmp.resolve("out2/manifest.json")))
        .isEqualTo(Files.readString(tmp.resolve("out1/manifest.json")));
  }

  @Test
  void verifiedFetchRejectsNonOfficialFilesNamingFileHashesAndEveryUrl() throws IOException {
    FetchRequest r = unverified("mnist", server.base()).withVerify(true);
    String actual = FileInspector.sha256(served.resolve("mnist/" + TRAIN_IMAGES));

    assertThatThrownBy(() -> fetcher().fetch(r, tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining(TRAIN_IMAGES)
        .hasMessageContaining(
            "expected 440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609")
        .hasMessageContaining("got " + actual)
        .hasMessageContaining(server.base() + "mnist/" + TRAIN_IMAGES)
        .hasMessageContaining(server.base() + TRAIN_IMAGES)
        .hasMessageContaining("data_verify=false");
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void http404RefusedAndTimeoutEachMoveOnToTheNextMirror() throws IOException {
    server.respondWith("/mnist/" + TRAIN_IMAGES, 404);
    server.respondWith("/" + TRAIN_IMAGES, 404);
    try (MirrorServer silent = MirrorServer.serving(served)) {
      silent.neverRespond("/mnist/" + TRAIN_IMAGES);
      silent.neverRespond("/" + TRAIN_IMAGES);
      try (MirrorServer good = MirrorServer.serving(served)) {
        FetchResult r =
            fetcher().fetch(
                unverified("mnist", server.base(), refusedMirror(), silent.base(), good.base()),
                tmp.resolve("out"));

        assertThat(r.downloaded()).isEqualTo(4);
        assertThat(good.requests("/mnist/" + TRAIN_IMAGES)).isEqualTo(1);
        assertThat(r.manifest().datasets().get("mnist").files().get(0).source())
            .isEqualTo(good.base() + "mnist/" + TRAIN_IMAGES);
      }
    }
  }

  @Test
  void whenEveryMirrorFailsTheErrorNamesEachUrlAndWhy() throws IOException {
    server.respondWith("/mnist/" + TRAIN_IMAGES, 503);
    server.respondWith("/" + TRAIN_IMAGES, 404);
    URI refused = refusedMirror();

    assertThatThrownBy(() -> fetcher().fetch(unverified("mnist", server.base(), refused),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("mnist/" + TRAIN_IMAGES)
        .hasMessageContaining(server.base() + "mnist/" + TRAIN_IMAGES + ": HTTP 503")
        .hasMessageContaining(server.base() + TRAIN_IMAGES + ": HTTP 404")
        .hasMessageContaining(refused + "mnist/" + TRAIN_IMAGES + ": connection refused")
        .hasMessageContaining(refused + TRAIN_IMAGES + ": connection refused");
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void droppedConnectionIsResumedWithRange() throws IOException {
    server.dropAfter("/mnist/" + TRAIN_IMAGES, 1000, 1);

    FetchResult r = fetcher().fetch(unverified("mnist", server.base()), tmp.resolve("out"));

    assertThat(server.rangeHeaders()).containsExactly("bytes=1000-");
    assertThat(server.requests("/mnist/" + TRAIN_IMAGES)).isEqualTo(2);
    assertThat(Files.mismatch(tmp.resolve("out/mnist/" + TRAIN_IMAGES),
        served.resolve("mnist/" + TRAIN_IMAGES))).isEqualTo(-1L);
    assertThat(r.downloaded()).isEqualTo(4);
  }

  @Test
  void stalledConnectionIsResumedWithRange() throws IOException {
    server.stallAfter("/mnist/" + TRAIN_IMAGES, 2000, 1);

    fetcher().fetch(unverified("mnist", server.base()), tmp.resolve("out"));

    assertThat(server.rangeHeaders()).containsExactly("bytes=2000-");
    assertThat(Files.mismatch(tmp.resolve("out/mnist/" + TRAIN_IMAGES),
        served.resolve("mnist/" + TRAIN_IMAGES))).isEqualTo(-1L);
  }

  @Test
  void serverIgnoringRangeRestartsFromZeroAndStillGetsTheRightBytes() throws IOException {
    server.dropAfter("/mnist/" + TRAIN_IMAGES, 1000, 1);
    server.honourRange(false);

    fetcher().fetch(unverified("mnist", server.base()), tmp.resolve("out"));

    assertThat(server.rangeHeaders()).containsExactly("bytes=1000-");
    assertThat(Files.mismatch(tmp.resolve("out/mnist/" + TRAIN_IMAGES),
        served.resolve("mnist/" + TRAIN_IMAGES))).isEqualTo(-1L);
  }

  @Test
  void partFileLeftByAKilledFetchIsResumed() throws IOException {
    // What a fetch killed mid-download leaves: the first bytes and the URL they came from.
    URI url = server.base().resolve("mnist/" + TRAIN_IMAGES);
    byte[] all = Files.readAllBytes(served.resolve("mnist/" + TRAIN_IMAGES));
    Path entry = cache.resolve("by-mirror");
    FetchRequest r = unverified("mnist", server.base());
    Path part = DataCache.partOf(
        DataCache.open(cache).mirrorEntry(server.base(), "mnist", TRAIN_IMAGES));
    Files.createDirectories(part.getParent());
    Files.write(part, Arrays.copyOf(all, 1234));
    Files.writeString(DataCache.urlMarkerOf(part), url.toString());

    fetcher().fetch(r, tmp.resolve("out"));

    assertThat(server.rangeHeaders()).containsExactly("bytes=1234-");
    assertThat(Files.mismatch(tmp.resolve("out/mnist/" + TRAIN_IMAGES),
        served.resolve("mnist/" + TRAIN_IMAGES))).isEqualTo(-1L);
    assertThat(part).doesNotExist();
    assertThat(entry).exists();
  }

  @Test
  void connectionThatKeepsDroppingGivesUpOnThatMirrorAndCachesNothing() throws IOException {
    server.dropAfter("/mnist/" + TRAIN_IMAGES, 500, 100);
    server.respondWith("/" + TRAIN_IMAGES, 404);

    assertThatThrownBy(() -> fetcher().fetch(unverified("mnist", server.base()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("gave up after 3 attempts");
    assertThat(server.rangeHeaders()).containsExactly("bytes=500-", "bytes=1000-");
    assertThat(cachedFiles()).noneMatch(p -> p.getFileName().toString().startsWith("train-images"));
  }

  @Test
  void truncatedGzipIsRejectedAndNothingIsCached() throws IOException {
    Path bad = tmp.resolve("bad/mnist");
    SyntheticDatasets.writeMnistLike(bad, N_TRAIN, N_TEST, 7);
    byte[] full = Files.readAllBytes(bad.resolve(TRAIN_IMAGES));
    Files.write(bad.resolve(TRAIN_IMAGES), Arrays.copyOf(full, full.length / 2));

    assertThatThrownBy(() -> fetcher().fetch(unverified("mnist", bad.getParent().toUri()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining(TRAIN_IMAGES)
        .hasMessageContaining("truncated or corrupt gzip");
    assertThat(cachedFiles()).noneMatch(p -> p.getFileName().toString().startsWith("train-images"));
  }

  @Test
  void corruptFileFromOneMirrorFallsBackToTheNext() throws IOException {
    Path bad = tmp.resolve("bad/mnist");
    SyntheticDatasets.writeMnistLike(bad, N_TRAIN, N_TEST, 7);
    Files.write(bad.resolve(TRAIN_IMAGES), new byte[] {1, 2, 3});

    FetchResult r = fetcher().fetch(
        unverified("mnist", bad.getParent().toUri(), server.base()), tmp.resolve("out"));

    assertThat(r.manifest().datasets().get("mnist").files().get(0).source())
        .startsWith(server.base().toString());
  }

  @Test
  void wrongMagicNumberIsRejected() throws IOException {
    Path bad = tmp.resolve("bad/mnist");
    SyntheticDatasets.writeMnistLike(bad, N_TRAIN, N_TEST, 7);
    // a labels file served under the images name
    Files.copy(bad.resolve(TRAIN_LABELS), bad.resolve(TRAIN_IMAGES),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> fetcher().fetch(unverified("mnist", bad.getParent().toUri()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("magic number 2049 (an IDX labels file), expected 2051");
    assertThat(cachedFiles()).noneMatch(p -> p.getFileName().toString().startsWith("train-images"));
  }

  @Test
  void headerCountLargerThanThePayloadIsRejected() throws IOException {
    Path bad = tmp.resolve("bad/mnist");
    SyntheticDatasets.writeMnistLike(bad, N_TRAIN, N_TEST, 7);
    // header says 10 images, 9 follow
    Files.write(bad.resolve(TRAIN_IMAGES),
        SyntheticDatasets.gzip(SyntheticDatasets.idxImages(10, 28, 28, new byte[9 * 784])));

    assertThatThrownBy(() -> fetcher().fetch(unverified("mnist", bad.getParent().toUri()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining(
            "header declares 10 examples (7840 bytes) but only 7056 bytes follow");
  }

  @Test
  void imageAndLabelCountsThatDisagreeAreRejectedAndUncached() throws IOException {
    Path bad = tmp.resolve("bad/mnist");
    SyntheticDatasets.writeMnistLike(bad, N_TRAIN, N_TEST, 7);
    Files.write(bad.resolve(TRAIN_LABELS),
        SyntheticDatasets.gzip(SyntheticDatasets.idxLabels(new byte[N_TRAIN - 1])));

    assertThatThrownBy(() -> fetcher().fetch(unverified("mnist", bad.getParent().toUri()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("holds " + N_TRAIN + " images but " + TRAIN_LABELS + " holds "
            + (N_TRAIN - 1) + " labels");
    assertThat(cachedFiles()).noneMatch(p -> p.getFileName().toString().startsWith("train-"));
  }

  @Test
  void diskFullFailsClearlyAndLeavesNoPartialFile() throws IOException {
    Path devFull = Path.of("/dev/full");
    assumeTrue(Files.exists(devFull), "needs /dev/full to simulate a full disk");
    FetchRequest r = unverified("mnist", server.base()).withVerify(true);
    // Writes into the part file land on /dev/full, which fails them with ENOSPC.
    Path part = DataCache.partOf(DataCache.open(cache).officialEntry("mnist", TRAIN_IMAGES));
    Files.createDirectories(part.getParent());
    Files.createSymbolicLink(part, devFull);

    assertThatThrownBy(() -> fetcher().fetch(r, tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("cannot store mnist/" + TRAIN_IMAGES + " in the data cache")
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("free disk space");
    assertThat(Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void unwritableCacheFailsClearly() throws IOException {
    Files.writeString(cache, "a file where the cache directory should be");

    assertThatThrownBy(() -> fetcher().fetch(unverified("mnist", server.base()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("the data cache " + cache.toAbsolutePath())
        .hasMessageContaining("not a writable directory")
        .hasMessageContaining(FetchRequest.CACHE_ENV);
    assertThat(server.requests()).isZero();
  }

  @Test
  void offlineWithAnEmptyCacheNamesWhatIsMissingAndHowToSeedIt() {
    FetchRequest r = unverified("mnist", server.base()).withOffline(true);

    assertThatThrownBy(() -> fetcher().fetch(r, tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("offline")
        .hasMessageContaining("mnist/" + TRAIN_IMAGES)
        .hasMessageContaining("mnist/" + OfficialDatasets.TEST_LABELS)
        .hasMessageContaining("pre-seed the cache")
        .hasMessageContaining(cache.toAbsolutePath().resolve("mnist").resolve(TRAIN_IMAGES)
            .toString());
    assertThat(server.requests()).isZero();
  }

  @Test
  void offlineAfterAnOnlineFetchUsesTheCache() throws IOException {
    fetcher().fetch(unverified("mnist", server.base()), tmp.resolve("out1"));
    int before = server.requests();

    FetchResult r = fetcher().fetch(unverified("mnist", server.base()).withOffline(true),
        tmp.resolve("out2"));

    assertThat(server.requests()).isEqualTo(before);
    assertThat(r.cacheHits()).isEqualTo(4);
  }

  @Test
  void handSeededCacheIsUsedOfflineAndRecorded() throws IOException {
    Path seeded = cache.resolve("mnist");
    SyntheticDatasets.writeMnistLike(seeded, N_TRAIN, N_TEST, 7);
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(), false, true, cache);

    FetchResult res = fetcher().fetch(r, tmp.resolve("out"));

    assertThat(res.cacheHits()).isEqualTo(4);
    assertThat(res.manifest().datasets().get("mnist").files().get(0).source())
        .isEqualTo("pre-seeded");
    assertThat(DataCache.sidecarOf(seeded.resolve(TRAIN_IMAGES))).exists();
  }

  @Test
  void handSeededNonOfficialFilesAreRefusedWhenVerifying() throws IOException {
    SyntheticDatasets.writeMnistLike(cache.resolve("mnist"), N_TRAIN, N_TEST, 7);
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(), true, true, cache);

    assertThatThrownBy(() -> fetcher().fetch(r, tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("is not the official file")
        .hasMessageContaining("sha256 mismatch: expected 440fcabf");
  }

  @Test
  void damagedCacheEntryIsDetectedAndDownloadedAgain() throws IOException {
    FetchRequest r = unverified("mnist", server.base());
    fetcher().fetch(r, tmp.resolve("out1"));
    Path entry = DataCache.open(cache).mirrorEntry(server.base(), "mnist", TRAIN_IMAGES);
    byte[] bytes = Files.readAllBytes(entry);
    bytes[100] ^= 0x55; // same size, different content
    Files.delete(entry); // break the hard link so that the output copy stays intact
    Files.write(entry, bytes);
    int before = server.requests("/mnist/" + TRAIN_IMAGES);

    fetcher().fetch(r, tmp.resolve("out2"));

    assertThat(server.requests("/mnist/" + TRAIN_IMAGES)).isEqualTo(before + 1);
    assertThat(Files.mismatch(entry, served.resolve("mnist/" + TRAIN_IMAGES))).isEqualTo(-1L);
  }

  @Test
  void flatMirrorLayoutIsFoundAfterTheDatasetDirectory() throws IOException {
    Path flat = tmp.resolve("flat");
    SyntheticDatasets.writeMnistLike(flat, N_TRAIN, N_TEST, 7);
    try (MirrorServer s = MirrorServer.serving(flat)) {
      FetchResult r = fetcher().fetch(unverified("mnist", s.base()), tmp.resolve("out"));

      assertThat(s.requests("/mnist/" + TRAIN_IMAGES)).isEqualTo(1); // 404
      assertThat(s.requests("/" + TRAIN_IMAGES)).isEqualTo(1);
      assertThat(r.manifest().datasets().get("mnist").files().get(0).source())
          .isEqualTo(s.base() + TRAIN_IMAGES);
    }
  }

  @Test
  void concurrentFetchesDownloadEachFileOnceAndAgree() throws Exception {
    int threads = 3;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<FetchResult>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Path out = tmp.resolve("out" + i);
        Callable<FetchResult> task = () -> {
          go.await();
          return fetcher().fetch(unverified("mnist", server.base()), out);
        };
        results.add(pool.submit(task));
      }
      go.countDown();
      int downloaded = 0;
      for (Future<FetchResult> f : results) {
        downloaded += f.get().downloaded();
      }

      assertThat(downloaded).isEqualTo(4);
      assertThat(server.requests("/mnist/" + TRAIN_IMAGES)).isEqualTo(1);
      assertThat(server.requests()).isEqualTo(4);
      String first = Files.readString(tmp.resolve("out0/manifest.json"));
      for (int i = 1; i < threads; i++) {
        assertThat(Files.readString(tmp.resolve("out" + i + "/manifest.json"))).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cifarFetchSummarisesTheOfficialSplits() throws IOException {
    SyntheticDatasets.writeCifarLike(served.resolve("cifar10"), 50, 20, 3);

    FetchResult r = fetcher().fetch(unverified("cifar10", server.base()), tmp.resolve("out"));

    Manifest.DatasetEntry e = r.manifest().datasets().get("cifar10");
    assertThat(e.splits().get("train").count()).isEqualTo(50);
    assertThat(e.splits().get("train").classCounts()).containsOnly(5);
    assertThat(e.splits().get("test").count()).isEqualTo(20);
    assertThat(e.files()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("cifar-10-binary.tar.gz");
      assertThat(f.parts()).extracting(FilePart::name).containsExactly("data_batch_1",
          "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch");
      assertThat(f.parts()).extracting(FilePart::count).containsExactly(10, 10, 10, 10, 10, 20);
    });
    Dataset train = FetchedData.open(tmp.resolve("out")).load("cifar10", "train");
    assertThat(train.count()).isEqualTo(50);
    assertThat(train.channels()).isEqualTo(3);
  }

  @Test
  void cifarTarballWithoutTheTestBatchIsRejected() throws IOException {
    byte[] batch = new byte[2 * CifarReader.RECORD_BYTES];
    var batches = new java.util.LinkedHashMap<String, byte[]>();
    for (String b : CifarReader.TRAIN_BATCHES) {
      batches.put(b, batch);
    }
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    Files.write(bad.resolve("cifar-10-binary.tar.gz"), SyntheticDatasets.cifarTarGz(batches));

    assertThatThrownBy(() -> fetcher().fetch(unverified("cifar10", bad.toUri()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining("no cifar-10-batches-bin/test_batch.bin inside");
    assertThat(cachedFiles()).isEmpty();
  }

  @Test
  void cifarBatchWhoseSizeIsNotWholeRecordsIsRejected() throws IOException {
    var batches = new java.util.LinkedHashMap<String, byte[]>();
    for (String b : CifarReader.TRAIN_BATCHES) {
      batches.put(b, new byte[CifarReader.RECORD_BYTES]);
    }
    batches.put("test_batch", new byte[CifarReader.RECORD_BYTES + 7]);
    Path bad = tmp.resolve("bad");
    Files.createDirectories(bad);
    Files.write(bad.resolve("cifar-10-binary.tar.gz"), SyntheticDatasets.cifarTarGz(batches));

    assertThatThrownBy(() -> fetcher().fetch(unverified("cifar10", bad.toUri()),
            tmp.resolve("out")))
        .isInstanceOf(FetchException.class)
        .hasMessageContaining(
            "test_batch.bin has 3080 bytes, expected a positive multiple of 3073");
  }

  @Test
  void userMirrorFilesAreCachedApartFromOfficialOnes() throws IOException {
    FetchRequest r = unverified("mnist", server.base());

    fetcher().fetch(r, tmp.resolve("out"));

    assertThat(cache.resolve("mnist")).doesNotExist();
    Path entry = DataCache.open(cache).mirrorEntry(server.base(), "mnist", TRAIN_IMAGES);
    assertThat(entry).isRegularFile();
    assertThat(entry.getParent().getParent().resolve("mirror.txt")).content()
        .contains(server.base().toString());
  }
}
