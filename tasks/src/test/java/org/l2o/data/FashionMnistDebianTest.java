package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one REAL dataset reachable offline: Fashion-MNIST from Debian's {@code
 * dataset-fashion-mnist} package, fetched through a file:// mirror with verification on. Debian
 * re-gzipped the files, so they pass by their payload digests, not their archive digests.
 */
@Tag("slow")
class FashionMnistDebianTest {

  /** Where Debian's package installs the four IDX files. */
  static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path tmp;

  @BeforeAll
  static void quiet() {
    QuietLogs.data();
  }

  @Test
  void debianCopyIsVerifiedAndHasTheOfficialSplitsAndClassBalance() throws IOException {
    assumeTrue(Files.isDirectory(DEBIAN_DIR),
        DEBIAN_DIR + " is absent: install Debian's dataset-fashion-mnist"
            + " (apt-get install dataset-fashion-mnist) to run this real-data check");
    FetchRequest r = new FetchRequest(List.of("fashion-mnist"), List.of(DEBIAN_DIR.toUri()), true,
        false, tmp.resolve("cache"));
    DataFetcher fetcher = new DataFetcher(DataFetcher.CONNECT_TIMEOUT_DEFAULT,
        DataFetcher.RESPONSE_TIMEOUT_DEFAULT, DataFetcher.STALL_TIMEOUT_DEFAULT, 1,
        new PrintStream(PrintStream.nullOutputStream()));

    FetchResult res = fetcher.fetch(r, tmp.resolve("out"));

    assertThat(res.verified()).isTrue();
    Manifest.DatasetEntry e = res.manifest().datasets().get("fashion-mnist");
    assertThat(e.files()).allSatisfy(f -> {
      assertThat(f.verified()).isTrue();
      assertThat(f.check()).isEqualTo("payload-sha256");
      assertThat(f.source()).startsWith(DEBIAN_DIR.toUri().toString());
    });
    assertThat(e.splits().get("train").count()).isEqualTo(60_000);
    assertThat(e.splits().get("train").classCounts()).hasSize(10).containsOnly(6_000);
    assertThat(e.splits().get("test").count()).isEqualTo(10_000);
    assertThat(e.splits().get("test").classCounts()).hasSize(10).containsOnly(1_000);
    assertThat(e.splits().get("meta_train").count()).isEqualTo(55_000);

    FetchedData data = FetchedData.open(tmp.resolve("out"));
    long t0 = System.nanoTime();
    Dataset train = data.load("fashion-mnist", "train");
    long t1 = System.nanoTime();
    Dataset test = data.load("fashion-mnist", "test");
    Dataset meta = data.metaTrain("fashion-mnist");
    System.out.printf("fashion-mnist train load (gunzip + parse + scale): %.0f ms%n",
        (t1 - t0) / 1e6);

    assertThat(train.verified()).isTrue();
    assertThat(train.count()).isEqualTo(60_000);
    assertThat(train.height()).isEqualTo(28);
    assertThat(train.width()).isEqualTo(28);
    assertThat(train.channels()).isEqualTo(1);
    assertThat(train.classCounts()).containsOnly(6_000);
    assertThat(test.classCounts()).containsOnly(1_000);
    assertThat(meta.count()).isEqualTo(55_000);
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : train.images()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isEqualTo(0f);
    assertThat(max).isEqualTo(1f);

    FetchResult again = fetcher.fetch(r.withOffline(true), tmp.resolve("out2"));
    assertThat(again.cacheHits()).isEqualTo(4);
    assertThat(again.verified()).isTrue();
  }
}
